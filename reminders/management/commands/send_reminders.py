import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from reminders.models import Stage
from reminders.scan import run_scan


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式错误：“{value}”，应为 YYYY-MM-DD，例如 2026-03-02") from None


class Command(BaseCommand):
    help = "运行一次催办督办扫描（与每日定时任务相同），输出各类提醒的新增条数，最后一行为 total created: N。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD），默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只计算将生成的提醒，不写入数据库、不发送")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = _parse_date(date) if date else None
        result = run_scan(today, dry_run=dry_run, trigger="command")
        verb = "将新增" if dry_run else "新增"
        self.stdout.write(f"扫描日期：{result.today.isoformat()}{'（试运行，不写入）' if dry_run else ''}")
        for source_key, source in result.sources.items():
            for stage in Stage:
                count = result.counts.get((source_key, stage.value), 0)
                if count:
                    self.stdout.write(f"  {source.label}（{source_key}）· {stage.label}：{verb} {count} 条")
        if dry_run:
            self.stdout.write(f"试运行：将新增 {result.planned} 条提醒（未写入）")
        else:
            self.stdout.write(f"站内消息 {result.notifications} 条，待发邮件等摘要 {result.outbox} 封")
        self.stdout.write(f"total created: {result.created}")
