import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from core.errorpages import api_error, is_api

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def lockout_response(request, credentials=None, *args, **kwargs):
    if is_api(request):
        return api_error(403, "locked_out")
    return HttpResponse(
        "登录失败次数过多，账号已被暂时锁定，请稍后再试或联系系统管理员。",
        status=403,
        content_type="text/plain; charset=utf-8",
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health: database unreachable")
        return False
    return True


def _broker_ok():
    from config.celery import app

    try:
        # the URL as configured now (Celery's own copy of its configuration is read once)
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # kombu raises the transport's own errors (socket, redis, OS)
        logger.exception("health: broker unreachable")
        return False
    return True


_CHECKS = {"database": ("数据库", _database_ok), "broker": ("消息队列", _broker_ok)}


@require_GET
def health(request):
    """For the load balancer and monitoring: 200 when every dependency answers, otherwise
    503 naming the ones that do not (a monitor tells "down" from "broken")."""
    failing = [name for name, (_label, check) in _CHECKS.items() if not check()]
    if not failing:
        return JsonResponse({"status": "ok"})
    labels = "、".join(_CHECKS[name][0] for name in failing)
    return JsonResponse(
        {"status": "unavailable", "failing": failing, "message": f"{labels}不可用"},
        status=503,
        json_dumps_params={"ensure_ascii": False},
    )
