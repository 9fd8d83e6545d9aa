from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from discipline.models import YearCounter
from discipline.numbering import continue_from


class Command(BaseCommand):
    help = "接续纸质台账编号：指定年度已用的最大序号，系统下一件从其后一号开始（只能向前，不能回退）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "series", choices=YearCounter.Series.values, help="clue（问题线索）或 recommendation（建议书）"
        )
        parser.add_argument("year", type=int, help="年度，如 2026")
        parser.add_argument("last", type=int, help="纸质台账已用的最大序号")

    def handle(self, *args, series, year, last, **options):
        if year < 1900 or last < 0:
            raise CommandError("年度或序号无效")
        try:
            counter = continue_from(series, year, last)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"{counter}：下一件编号为第 {counter.last + 1} 号"))
