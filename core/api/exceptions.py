"""Map every API error to {"code", "message", "detail"}; validation errors stay 400s.

``detail`` is always an object (a validation error raised as a list is ``non_field_errors``),
as the ``Error`` component of the schema (core.api.schema) says.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError

_MESSAGES = {
    "not_found": "未找到",
    "permission_denied": "您没有执行此操作的权限",
    "not_authenticated": "请先登录",
    "authentication_failed": "身份认证失败",
    "method_not_allowed": "不支持该请求方法",
    "unsupported_media_type": "不支持的请求内容类型",
    "parse_error": "请求内容格式错误（无法解析）",
    "throttled": "请求过于频繁，请稍后再试",
    "not_acceptable": "无法满足请求的响应格式",
}


def exception_handler(exc, context):
    response = _error_response(exc, context)
    if response is not None:
        _render_as_json(context.get("request"))
    return response


def _render_as_json(request):
    """An error is JSON even where the client chose a file format (``?format=xlsx``, a download)."""
    if request is not None and not isinstance(
        getattr(request, "accepted_renderer", None), JSONRenderer | BrowsableAPIRenderer
    ):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def _error_response(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "message": exc.message, "detail": exc.detail}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            {"code": "invalid", "message": "提交的数据有误", "detail": detail}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"code": "invalid", "message": "提交的数据有误", "detail": detail}
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        message = _MESSAGES.get(code) or str(exc.detail)
        response.data = {"code": code, "message": message, "detail": {}}
    return response
