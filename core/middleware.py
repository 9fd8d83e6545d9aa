"""HTTP-layer protections that apply to every response the project itself produces."""

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

from core import errorpages


class NoStoreMiddleware:
    """Nothing the application answers may be kept by a browser or proxy cache.

    Pages, API answers and downloads carry case content (and a shared office PC keeps its
    cache after logout). Static files never reach this middleware: WhiteNoise, placed
    before it, answers them with their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response


class ChineseErrorPagesMiddleware:
    """The Chinese 404 and 500 pages in development mode too.

    With DEBUG on, Django answers an unknown address or an exception with its English technical page
    (the handlers in config/urls.py are only consulted with DEBUG off). A newcomer running the demo
    (``run.sh`` sets DEBUG) and every user of a misconfigured install must see the same pages as in
    production, so this middleware answers them with the project's handlers; the traceback is still
    logged by ``django.request`` (``log_response``) for the developer. With DEBUG off it does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            # no pattern matched: Django's technical 404 listing every URL pattern
            return errorpages.page_not_found(request, None)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return errorpages.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with the project's handlers in every mode
        signals.got_request_exception.send(sender=None, request=request)
        response = errorpages.server_error(request)
        log_response(
            "%s: %s", "Internal Server Error", request.path, response=response, request=request, exception=exception
        )
        return response
