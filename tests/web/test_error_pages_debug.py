"""The Chinese error pages in development mode too (DEBUG on, as ``run.sh`` starts the demo): no English
technical page listing the URL patterns or a traceback; the API keeps its JSON errors."""

import pytest
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as project_patterns
from organization.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("secret traceback detail")


def _missing(request):
    raise Http404("No Petition matches the given query.")


urlpatterns = [path("boom/", _boom), path("missing/", _missing), *project_patterns]
handler404 = "core.errorpages.page_not_found"
handler500 = "core.errorpages.server_error"


@pytest.fixture
def client():
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.INSPECTOR, username="debug_pages"))
    return client


@pytest.mark.parametrize("debug", [True, False])
@override_settings(ROOT_URLCONF=__name__)
def test_unknown_address_and_missing_object_are_the_chinese_404(client, debug, settings):
    settings.DEBUG = debug
    for url in ("/no-such-page/", "/missing/"):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 404, url
        assert "页面不存在，或您无权查看此内容" in text, url
        assert "urlpatterns" not in text and "Page not found" not in text and "No Petition" not in text, url


@pytest.mark.parametrize("debug", [True, False])
@override_settings(ROOT_URLCONF=__name__)
def test_exception_is_the_chinese_500_without_traceback(client, debug, settings, caplog):
    settings.DEBUG = debug
    response = client.get("/boom/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "secret traceback detail" not in text and "Traceback" not in text
    assert "服务器" in text or "出错" in text
    assert any("secret traceback detail" in str(r.exc_info) for r in caplog.records if r.exc_info)  # logged


@override_settings(ROOT_URLCONF=__name__, DEBUG=True)
def test_api_keeps_json_errors_in_debug(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
