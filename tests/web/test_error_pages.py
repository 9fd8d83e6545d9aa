"""403/404/500 answer with the Chinese pages whatever DEBUG says; under /api/ they stay JSON."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.error_urls")]

DEBUG_ON_AND_OFF = pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@DEBUG_ON_AND_OFF
def test_an_unknown_address_is_the_chinese_404_page(settings, inspector, debug):
    settings.DEBUG = debug
    response = _client(inspector).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在，或您无权查看此内容" in html
    assert "Page not found" not in html and "URLconf" not in html


@DEBUG_ON_AND_OFF
def test_a_missing_object_is_the_chinese_404_page(settings, inspector, debug):
    settings.DEBUG = debug
    response = _client(inspector).get(reverse("web:round-detail", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在，或您无权查看此内容" in html and "Page not found" not in html


def test_the_slash_is_still_appended_with_debug_on(settings, inspector):
    settings.DEBUG = True
    url = reverse("web:round-detail", args=[1])
    response = _client(inspector).get(url.rstrip("/"))
    assert response.status_code == 301 and response["Location"] == url


@DEBUG_ON_AND_OFF
def test_forbidden_is_the_chinese_403_page(settings, inspector, debug):
    settings.DEBUG = debug
    response = _client(inspector).get("/test-forbidden/")
    assert response.status_code == 403
    assert "您没有权限访问此页面" in response.content.decode()


@DEBUG_ON_AND_OFF
def test_a_failure_is_the_chinese_500_page_for_a_user(settings, inspector, debug):
    settings.DEBUG = debug
    response = _client(inspector).get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错，请稍后再试" in html
    assert "deliberate failure" not in html and "Traceback" not in html


def test_staff_get_the_chinese_500_page_too_with_debug_on(settings, admin_user):
    """A traceback's local variables could show case content, even to the system administrator."""
    settings.DEBUG = True
    assert admin_user.is_staff
    response = _client(admin_user).get("/test-boom/")
    assert response.status_code == 500
    assert "deliberate failure" not in response.content.decode()


def test_the_failure_still_reaches_the_test_client_and_error_reporters(settings, inspector):
    settings.DEBUG = True
    client = Client()
    client.force_login(inspector)
    with pytest.raises(RuntimeError, match="deliberate failure"):
        client.get("/test-boom/")


@DEBUG_ON_AND_OFF
def test_api_errors_stay_json(settings, inspector, debug):
    settings.DEBUG = debug
    client = _client(inspector)
    missing = client.get("/api/v1/no-such-endpoint/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    failed = client.get("/api/test-boom/")
    assert failed.status_code == 500 and failed.json()["code"] == "server_error"
