"""The project's URLs plus views that fail on purpose (tests/web/test_error_pages.py)."""

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("deliberate suspicious operation")


def _bad_request(request):
    raise BadRequest("deliberate bad request")


urlpatterns = [
    path("test-boom/", _boom),
    path("api/test-boom/", _boom),
    path("test-forbidden/", _forbidden),
    path("test-suspicious/", _suspicious),
    path("api/test-suspicious/", _suspicious),
    path("test-bad-request/", _bad_request),
    path("api/test-bad-request/", _bad_request),
    *urlpatterns,
]
