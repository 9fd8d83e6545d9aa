from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from rectification.ledger import LedgerInvalid, import_ledger
from rectification.ledger.names import KIND_LABELS, MATCH_LABELS, NamesUndecided
from rectification.management.commands._common import date_option, user_option


class Command(BaseCommand):
    help = (
        "导入整改台账（.xlsx）到指定巡察轮次；轮次不存在时新建。发现任何问题时逐条列出（工作表、行、列、值、原因）"
        "并且不导入任何内容，退出码非零。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="整改台账文件（.xlsx）")
        parser.add_argument(
            "--round", required=True, dest="round_name", help="巡察轮次名称，如：2021年市委第三巡察组巡察"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        parser.add_argument(
            "--feedback-date", type=date_option, help="新建轮次（或轮次尚无反馈日期）时使用的反馈日期 YYYY-MM-DD"
        )
        parser.add_argument("--user", help="以该用户身份导入（记入历史记录）；不填时记为命令行导入")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="系统中没有（只有相近或完全没有）的部门和人员一律新建；不加时列出这些名称并且不导入",
        )

    def handle(self, *args, file, round_name, dry_run, feedback_date, user, create_missing, **options):
        importer = user_option(user)
        path = Path(file)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except IsADirectoryError:
            raise CommandError(f"不是文件：{file}") from None
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from None
        try:
            summary = import_ledger(
                source=data,
                user=importer,
                round_name=round_name,
                feedback_date=feedback_date,
                dry_run=dry_run,
                create_missing=create_missing,
            )
        except LedgerInvalid as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(exc.message) from None
        except NamesUndecided as exc:
            for match in exc.matches:
                self.stderr.write(_name_line(match))
            raise CommandError(
                f"{exc.message}；确认均应新建时加 --create-missing，或先在管理后台添加部门/人员别名"
            ) from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self._report(summary)

    def _report(self, summary):
        verb = "检查通过（未导入）" if summary.dry_run else "导入完成"
        self.stdout.write(self.style.SUCCESS(f"{verb}：巡察轮次“{summary.round}”"))
        self.stdout.write(f"  工作表：{'、'.join(summary.sheets)}")
        self.stdout.write(
            f"  方面 {summary.aspects} 个，问题 {summary.problems} 个，整改措施 {summary.measures} 条，"
            f"导入进展 {summary.progress_notes} 条"
        )
        if summary.new_departments:
            self.stdout.write(f"  新建部门：{'、'.join(summary.new_departments)}")
        if summary.new_people:
            self.stdout.write(f"  新建人员（无登录账号）：{'、'.join(summary.new_people)}")
        undecided = [m for m in summary.names if m.undecided]
        if undecided:
            self.stdout.write(
                self.style.WARNING("  以下名称需要确认（正式导入时加 --create-missing 新建，或先添加别名）：")
            )
            for match in undecided:
                self.stdout.write(f"  {_name_line(match)}")
        if summary.existing:
            self.stdout.write(f"  本轮次已有、跳过：{len(summary.existing)} 条；新增 {summary.added} 条")
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(f"  提示：{warning}"))


def _name_line(match) -> str:
    where = "、".join(f"工作表“{sheet}”第{row}行" for sheet, row in match.rows)
    close = "、".join(f"{obj}（编号 {obj.pk}）" for obj, _score in match.candidates)
    tail = f"；相近：{close}" if close else ""
    return f"{KIND_LABELS[match.kind]}“{match.name}”：{MATCH_LABELS[match.match]}（{where}）{tail}"
