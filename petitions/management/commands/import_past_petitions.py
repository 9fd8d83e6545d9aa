from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from petitions.past_import import LedgerInvalid, import_past_petitions


class Command(BaseCommand):
    help = (
        "导入往年信访件（导出的信访台账 .xlsx 格式）：每行一件，按收到日期登记，并按各自日期补录受理、转办、"
        "办结、告知、反馈等步骤。发现任何问题时逐条列出（工作表、行、列、值、原因）并且不导入任何内容，退出码非零。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="信访台账文件（.xlsx）")
        parser.add_argument("--user", required=True, help="以该用户（纪检干部或纪检负责人）身份导入，记入历史记录")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    def handle(self, *args, file, user, dry_run, **options):
        importer = get_user_model().objects.filter(username=user, is_active=True).first()
        if importer is None:
            raise CommandError(f"用户“{user}”不存在或已停用")
        try:
            data = Path(file).read_bytes()
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror or exc}") from None
        try:
            summary = import_past_petitions(source=data, user=importer, dry_run=dry_run)
        except LedgerInvalid as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(exc.message) from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        verb = "检查通过（未导入）" if summary.dry_run else "导入完成"
        self.stdout.write(self.style.SUCCESS(f"{verb}：工作表 {'、'.join(summary.sheets)}，共 {summary.rows} 行"))
        years = "，".join(f"{year}年 {n} 件" for year, n in summary.by_year.items())
        self.stdout.write(f"  {'将导入' if summary.dry_run else '已导入'} {summary.added} 件（{years or '无'}）")
        self.stdout.write(f"  处理结果 {summary.outcomes} 条")
        if summary.existing:
            self.stdout.write(f"  系统中已有、跳过：{len(summary.existing)} 件")
        if summary.ignored_columns:
            self.stdout.write(f"  未读取的列：{'、'.join(summary.ignored_columns)}")
