"""Error answers outside DRF's exception handler: the API speaks the JSON error shape of
core.api.exceptions everywhere under /api/, the web pages keep their Chinese HTML pages.

Django calls these for a URL that matches nothing, for an exception escaping a view (the
traceback is logged by django.request before handler500 runs, and never sent), for
403/400 raised outside DRF, and for a request the CSRF middleware refuses (before any view,
so DRF never sees it).
"""

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils.log import log_response
from django.views import csrf, defaults
from django.views.debug import ExceptionReporter

API_PREFIX = "/api/"

_API_ERRORS = {
    400: ("bad_request", "请求有误"),
    403: ("permission_denied", "您没有执行此操作的权限"),
    "csrf": ("csrf_failed", "CSRF 校验失败：以会话登录调用接口时须带 X-CSRFToken 头（或改用令牌认证）"),
    "locked_out": ("locked_out", "登录失败次数过多，账号已被暂时锁定，请稍后再试或联系系统管理员。"),
    404: ("not_found", "未找到"),
    500: ("server_error", "服务器内部错误，请稍后再试"),
}


def is_api(request):
    return request.path.startswith(API_PREFIX)


def api_error(status, kind=None):
    code, message = _API_ERRORS[kind or status]
    return JsonResponse(
        {"code": code, "message": message, "detail": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def api_not_found(request, *args, **kwargs):
    """The last pattern under /api/v1/: an unknown API path is a JSON 404 even with DEBUG on."""
    return api_error(404)


def bad_request(request, exception):
    return api_error(400) if is_api(request) else defaults.bad_request(request, exception)


def permission_denied(request, exception):
    return api_error(403) if is_api(request) else defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return api_error(404) if is_api(request) else defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a session-authenticated write under /api/ without the token is JSON;
    a web page's refusal is Django's view with templates/403_csrf.html (Chinese, the same with
    DEBUG on and off: never Django's English help section nor the English reason)."""
    return api_error(403, "csrf") if is_api(request) else csrf.csrf_failure(request, reason=reason)


def server_error(request):
    return api_error(500) if is_api(request) else defaults.server_error(request)


class _NoTechnicalPageReporter(ExceptionReporter):
    """With DEBUG, Django answers a SuspiciousOperation or BadRequest raised anywhere, and any
    exception raised by a middleware, with a technical page made by the request's exception
    reporter (``request.exception_reporter_class``). This one notes the exception on the
    request and makes no page: ``DebugBadRequestMiddleware`` answers instead."""

    def __init__(self, request, exc_type, exc_value, tb, is_email=False):
        super().__init__(request, exc_type, exc_value, tb, is_email=is_email)
        if request is not None:
            request._technical_page_exception = exc_value

    def get_traceback_html(self):
        return ""

    def get_traceback_text(self):
        return ""


class DebugBadRequestMiddleware:
    """The Chinese 400 page (and the API's JSON 400) with DEBUG on as well; the 500 page for an
    exception a middleware raised.

    With DEBUG, Django answers a SuspiciousOperation (a bad Host header, too many fields in a
    POST, …) and a BadRequest with its English technical page (status 400) instead of calling
    handler400, and an exception raised by a middleware with its technical 500 page. Most of
    these are raised by middleware before any view — DisallowedHost by CommonMiddleware, a
    too-many-fields POST by CsrfViewMiddleware reading the body — where neither
    ``process_exception`` nor the innermost ``DebugErrorPagesMiddleware`` sees them: Django
    turns them into a response at the layer that raised. So this one is placed first in
    MIDDLEWARE (outermost): it has Django make those pages through ``_NoTechnicalPageReporter``
    and answers as ``bad_request`` / ``server_error`` do. Django's own handling (the
    django.security and django.request logs, the got_request_exception signal) is unchanged.
    Without DEBUG this does nothing: Django calls the handlers itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG:
            return self.get_response(request)
        request.exception_reporter_class = _NoTechnicalPageReporter
        response = self.get_response(request)
        exception = request.__dict__.pop("_technical_page_exception", None)
        if exception is None:
            return response
        if isinstance(exception, (SuspiciousOperation, BadRequest)):
            return bad_request(request, exception)
        return server_error(request)


class DebugErrorPagesMiddleware:
    """The Chinese 404 and 500 pages with DEBUG on as well.

    With DEBUG, Django answers a URL that matches nothing, an Http404 and an uncaught
    exception with its English technical pages and never calls the handlers above. Placed
    last in MIDDLEWARE (innermost, so CommonMiddleware's APPEND_SLASH redirect still sees the
    404 and the user is known), this answers them as the handlers would, for everyone:
    a technical page's traceback and local variables could show case content (even to the
    system administrator, who may not read it); the developer reads the traceback that
    django.request logs. 403 needs nothing: Django calls handler403 with
    DEBUG too; 400 (SuspiciousOperation, BadRequest) is answered by the outermost
    ``DebugBadRequestMiddleware``, which also sees those raised by middleware. Without DEBUG
    this does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and request.resolver_match is None  # no URL matched: the technical 404 page
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, SuspiciousOperation, BadRequest)):
            # Django's own handling: handler403; for a 400 its logging, then DebugBadRequestMiddleware's page
            return None
        # As Django's own uncaught-exception path: error reporters (and the test client,
        # which re-raises) hear of it.
        signals.got_request_exception.send(sender=None, request=request)
        response = server_error(request)
        log_response(
            "%s: %s", response.reason_phrase, request.path, response=response, request=request, exception=exception
        )
        return response
