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


# -- 400: SuspiciousOperation and BadRequest, raised by a view or by a middleware -----------------------------


def _is_the_chinese_400_page(response, *hidden):
    html = response.content.decode()
    assert response.status_code == 400, html[:500]
    assert response["Content-Type"].startswith("text/html")
    assert "请求有误" in html and 'lang="zh-hans"' in html
    for text in ("Traceback", "technical", "Request Method", "DEBUG", *hidden):
        assert text not in html, text
    return True


@DEBUG_ON_AND_OFF
@pytest.mark.parametrize("path", ["/test-suspicious/", "/test-bad-request/"])
def test_a_bad_request_from_a_view_is_the_chinese_400_page(settings, inspector, debug, path):
    settings.DEBUG = debug
    assert _is_the_chinese_400_page(_client(inspector).get(path), "deliberate", "SuspiciousOperation", "BadRequest")


@DEBUG_ON_AND_OFF
@pytest.mark.parametrize("path", ["/api/test-suspicious/", "/api/test-bad-request/"])
def test_a_bad_request_under_the_api_stays_json(settings, inspector, debug, path):
    settings.DEBUG = debug
    response = _client(inspector).get(path)
    assert response.status_code == 400 and response.json()["code"] == "bad_request", response.content[:300]


@DEBUG_ON_AND_OFF
def test_a_bad_host_is_the_chinese_400_page(settings, debug):
    # DisallowedHost is raised by CommonMiddleware, before any view (and before the innermost middleware)
    settings.DEBUG = debug
    response = _client().get("/", HTTP_HOST="evil.example")
    assert _is_the_chinese_400_page(response, "evil.example", "ALLOWED_HOSTS", "DisallowedHost")
    api = _client().get("/api/v1/schema/", HTTP_HOST="evil.example")
    assert api.status_code == 400 and api.json()["code"] == "bad_request"


@DEBUG_ON_AND_OFF
def test_too_many_fields_in_a_web_post_is_the_chinese_400_page(settings, inspector, debug):
    # with the CSRF check on, CsrfViewMiddleware reads the body first: the error is raised there
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(inspector)
    client.get("/")  # the page sets the CSRF cookie, so the check goes on to read the body
    body = {f"f{i}": "x" for i in range(20)}
    assert _is_the_chinese_400_page(client.post(reverse("logout"), body), "TooManyFieldsSent", "DATA_UPLOAD")
    # and raised by the view itself (no CSRF check reading the body before it)
    assert _is_the_chinese_400_page(_client().post(reverse("login"), body), "TooManyFieldsSent", "DATA_UPLOAD")


@DEBUG_ON_AND_OFF
def test_too_many_fields_in_an_api_post_stays_json(settings, debug):
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = _client().post("/api/v1/auth/token/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400 and response.json()["code"] == "bad_request", response.content[:300]


def test_a_failing_middleware_is_the_chinese_500_page_with_debug_on(settings, inspector, monkeypatch):
    # an exception raised outside any view never reaches process_exception: Django's own page otherwise
    from django.contrib.messages.middleware import MessageMiddleware

    def boom(self, request):
        raise RuntimeError("deliberate middleware failure")

    monkeypatch.setattr(MessageMiddleware, "process_request", boom)
    settings.DEBUG = True
    response = _client(inspector).get("/")
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错，请稍后再试" in html
    assert "deliberate middleware failure" not in html and "Traceback" not in html


# -- the CSRF refusal of a web page ------------------------------------------------------------------------------


@DEBUG_ON_AND_OFF
def test_a_csrf_refusal_is_a_chinese_page(settings, inspector, debug):
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
    assert 'lang="zh-hans"' in html and "刷新" in html
    for english in ("CSRF verification failed", "Help", "Reason given", "DEBUG", "CSRF cookie not set"):
        assert english not in html, english
