from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "检查数据库与消息队列是否可连接，给出明确的错误信息。"

    def handle(self, *args, **options):
        try:
            connection.ensure_connection()
        except OperationalError as exc:
            raise CommandError(f"无法连接数据库（DATABASE_URL）：{str(exc).strip()}") from None
        from kombu import Connection

        url = settings.CELERY_BROKER_URL
        try:
            with Connection(url, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS, connect_timeout=5) as conn:
                conn.ensure_connection(max_retries=1, timeout=5)
        except Exception as exc:  # kombu raises transport-specific errors
            raise CommandError(f"无法连接消息队列（CELERY_BROKER_URL={_redact(url)}）：{exc}") from None
        self.stdout.write(self.style.SUCCESS("数据库与消息队列连接正常"))


def _redact(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return url.replace(parts.password, "***") if parts.password else url
