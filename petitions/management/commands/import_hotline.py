from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from petitions.hotline.runs import folder_files, import_file
from petitions.models import HotlineImport, HotlineSource


class Command(BaseCommand):
    help = (
        "导入12345工单导出文件（.xlsx 或 .csv，UTF-8 或 GBK）。PATH 为文件或目录；目录中尚未导入的文件"
        "（按文件名和内容指纹识别）按修改时间从早到晚逐个导入。任何一行有问题时该文件不导入任何内容，"
        "逐条列出（工作表、行、列、原因），退出码非零。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="工单文件或目录")
        parser.add_argument("--source", required=True, help="12345工单来源名称（在来源设置中维护）")
        parser.add_argument("--user", default="", help="以该纪检干部身份导入（默认 HOTLINE_IMPORT_USER）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并计数，不导入")

    def handle(self, *args, path, source, user, dry_run, **options):
        found = HotlineSource.objects.filter(name=source).first()
        if found is None:
            raise CommandError(f"12345工单来源“{source}”不存在")
        username = user or settings.HOTLINE_IMPORT_USER
        importer = get_user_model().objects.filter(username=username, is_active=True).first() if username else None
        if importer is None:
            raise CommandError(f"用户“{username}”不存在或已停用（用 --user 指定纪检干部）")
        target = Path(path)
        if target.is_dir():
            files = folder_files(found, target)
            if not files:
                self.stdout.write("目录中没有尚未导入的工单文件")
        elif target.is_file():
            files = [target]
        else:
            raise CommandError(f"文件或目录不存在：{path}")
        refused = 0
        for file in files:
            imp = import_file(source=found, path=file, user=importer, dry_run=dry_run)
            refused += self._report(imp)
        if refused:
            raise CommandError(f"{refused} 个文件未导入")

    def _report(self, imp) -> int:
        c = imp.counts or {}
        counts = "，".join(
            f"{label} {c.get(key, 0)}"
            for key, label in (("new", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("refused", "有问题"))
        )
        if imp.state == HotlineImport.State.DONE:
            verb = "检查通过（未导入）" if imp.dry_run else "导入完成"
            self.stdout.write(self.style.SUCCESS(f"{imp.file_name}：{verb}，共 {imp.total_rows} 行；{counts}"))
            return 0
        self.stderr.write(f"{imp.file_name}：未导入任何内容；{counts}")
        for error in imp.errors:
            where = f"工作表“{error['sheet']}”第{error['row']}行，{error['column']}列" if error.get("row") else "文件"
            self.stderr.write(f"  {where}：{error['reason']}")
        for field, words in (imp.unmapped or {}).items():
            self.stderr.write(f"  未对应的{field}取值：{'、'.join(words)}")
        return 1
