from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET


def lockout_response(request, credentials=None, *args, **kwargs):
    return HttpResponse(
        "登录失败次数过多，账号已被暂时锁定，请稍后再试或联系系统管理员。",
        status=403,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
