"""The HTTP layer played as an attacker: cached case content, injected script, an anonymous
look at the API map, numbers too large for the database, HTML error pages leaking from the API,
and a health check that crashes instead of saying what is down."""

import re

import pytest
from django.db import DatabaseError
from drf_spectacular.generators import SchemaGenerator

HUGE = "9" * 30


def _operations(method):
    """(path, operation) for every API operation of the given method in the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in sorted(schema["paths"].items()):
        if method in item:
            yield path, item[method]


SCHEMA_GET_OPERATIONS = list(_operations("get"))
# Every list (a GET without path parameters) with its query parameters and their schema types.
LISTS = [
    pytest.param(
        path,
        [(p["name"], p["schema"].get("type")) for p in op.get("parameters", []) if p["in"] == "query"],
        id=path,
    )
    for path, op in SCHEMA_GET_OPERATIONS
    if "{" not in path
]
PATH_WITH_IDS = [pytest.param(path, id=path) for path, _op in SCHEMA_GET_OPERATIONS if "{" in path]
# Paging answers a page past the end with 404 and caps a page size at its maximum.
PAGING = {"page", "page_size"}
NUMERIC = {"integer", "number", "array"}


# --- numbers too large for the database --------------------------------------------------------


def test_the_schema_lists_the_filters_these_attacks_walk():
    """The walk below is only as good as the schema: it must know the lists and their filters."""
    paths = {param.values[0]: dict(param.values[1]) for param in LISTS}
    assert paths["/api/v1/petitions/"]["category"] == "array"
    assert paths["/api/v1/risk-points/"]["category"] == "integer"
    assert len(paths) > 20


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params"), LISTS)
def test_a_30_digit_value_in_any_list_filter_is_refused_not_a_crash(api_as, inspector, office_a, path, params):
    """Every query parameter of every list in the schema, given a number no database column holds,
    as 纪检 staff; the numeric ones also as a department liaison (whose lists are scoped)."""
    wrong = []
    for user, kinds in ((inspector, None), (office_a, NUMERIC)):
        client = api_as(user)
        if client.get(path).status_code in (403, 404):
            continue  # an operation this role may not use at all
        for name, kind in params:
            if kinds and kind not in kinds:
                continue
            response = client.get(path, {name: HUGE})
            status = response.status_code
            if status >= 500:
                wrong.append((user.username, name, status, response.content[:200]))
            elif status >= 400 and set(response.json()) != {"code", "message", "detail"}:
                wrong.append((user.username, name, "not the error shape", response.content[:200]))
            elif (
                kind in ("integer", "number")
                and name not in PAGING
                and (status != 400 or name not in response.json()["detail"])
            ):
                # a whole-number filter must say the value is out of range, naming the parameter
                wrong.append((user.username, name, status, response.content[:200]))
    assert wrong == []


@pytest.mark.django_db
def test_a_30_digit_id_in_any_path_is_not_found_not_a_crash(api_as, inspector):
    client = api_as(inspector)
    wrong = []
    for param in PATH_WITH_IDS:
        path = re.sub(r"\{[^}]+\}", HUGE, param.values[0])
        response = client.get(path)
        if response.status_code not in (400, 404) or set(response.json()) != {"code", "message", "detail"}:
            wrong.append((path, response.status_code, response.content[:200]))
    assert wrong == []


# --- cached case content, CSP, the API map, error pages, health -------------------------------


@pytest.mark.django_db
def test_api_answers_and_pages_behind_login_are_never_cached(client, api_as, inspector):
    api = api_as(inspector).get("/api/v1/petitions/")
    client.force_login(inspector)
    page = client.get("/")
    for response in (api, page):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert response["Pragma"] == "no-cache"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, inspector):
    client.force_login(inspector)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["style-src"]
    assert directives["object-src"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api-schema", "api-docs", "api-redoc"])
def test_schema_and_docs_refuse_anonymous_users(client, name):
    from django.urls import reverse

    response = client.get(reverse(name))
    assert response.status_code in (302, 401, 403)
    assert b"openapi" not in response.content


@pytest.mark.django_db
def test_unknown_api_path_and_wrong_method_answer_the_json_error_shape(api_as, inspector):
    client = api_as(inspector)
    missing = client.get("/api/v1/no-such-thing/")
    wrong_method = client.delete("/api/v1/me/")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert wrong_method.status_code == 405
    assert set(wrong_method.json()) == {"code", "message", "detail"}


@pytest.mark.django_db
def test_a_crash_in_the_api_is_json_without_details_and_logged(api_as, inspector, monkeypatch, caplog):
    from petitions.api import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.PetitionViewSet, "list", boom)
    client = api_as(inspector)
    client.raise_request_exception = False
    response = client.get("/api/v1/petitions/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert b"secret internals" not in response.content
    assert "secret internals" in caplog.text


@pytest.mark.django_db
def test_health_names_a_dead_broker_with_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


@pytest.mark.django_db
def test_health_names_a_dead_database_with_503(client, monkeypatch):
    from core import views

    def dead(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", dead)
    response = client.get("/health/")
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
