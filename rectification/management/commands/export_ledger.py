from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectification.ledger import export_ledger
from rectification.management.commands._common import user_option
from rectification.models import InspectionRound


class Command(BaseCommand):
    help = "把巡察轮次的整改台账导出为 .xlsx（与导入相同的版式）。"

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_name", help="巡察轮次名称")
        parser.add_argument("--out", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument("--user", help="按该用户可见的范围导出；不填时导出全部（命令行操作员）")

    def handle(self, *args, round_name, out, user, **options):
        exporter = user_option(user)
        rnd = InspectionRound.objects.filter(name=round_name, archived_at__isnull=True).first()
        if rnd is None:
            raise CommandError(f"巡察轮次“{round_name}”不存在")
        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件须以 .xlsx 结尾")
        try:
            with path.open("wb") as fh:
                count = export_ledger(user=exporter, round=rnd, out=fh)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 条整改措施到 {path}"))
