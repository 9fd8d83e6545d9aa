"""The project's URLs plus views that fail on purpose (tests/web/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-boom/", _boom),
    path("api/test-boom/", _boom),
    path("test-forbidden/", _forbidden),
    *urlpatterns,
]
