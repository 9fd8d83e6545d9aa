"""Every API error is the JSON error shape, and the schema documents it on every operation."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.exceptions import ValidationError

from core.api.exceptions import exception_handler
from core.views import lockout_response


def _is_error_shape(response, code):
    body = json.loads(response.content)
    return (
        response["Content-Type"].startswith("application/json")
        and set(body) == {"code", "message", "detail"}
        and body["code"] == code
        and isinstance(body["detail"], dict)
    )


@pytest.mark.django_db
class TestErrorShape:
    def test_csrf_refusal_under_api_is_json_and_a_page_elsewhere(self, inspector):
        # Given a browser session without the CSRF token
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(inspector)
        # When it posts to an API path the CSRF middleware guards (no DRF view behind it)
        response = browser.post("/api/v1/no-such-endpoint/")
        # Then the refusal is the JSON error shape
        assert response.status_code == 403
        assert _is_error_shape(response, "csrf_failed")
        # ... while a web page keeps Django's HTML page
        page = browser.post(reverse("logout"))
        assert page.status_code == 403
        assert page["Content-Type"].startswith("text/html")

    def test_lockout_answer_is_json_under_api_and_text_elsewhere(self, rf):
        # (axes answers with it where it sees the lockout on the request; the token endpoint's
        # serializer refuses a locked-out login with its own 400 before that)
        response = lockout_response(rf.post("/api/v1/auth/token/"))
        assert response.status_code == 403
        assert _is_error_shape(response, "locked_out")
        assert "锁定" in json.loads(response.content)["message"]
        page = lockout_response(rf.post(reverse("login")))
        assert page.status_code == 403
        assert page["Content-Type"].startswith("text/plain")

    def test_error_of_a_file_download_is_json_whatever_the_format_asked(self, api_as, inspector):
        # A workbook download of a round that does not exist, asked for as ?format=xlsx
        response = api_as(inspector).get("/api/v1/rounds/987654/ledger/?format=xlsx")
        assert response.status_code == 404
        assert _is_error_shape(response, "not_found")

    def test_validation_error_raised_as_a_list_has_an_object_detail(self):
        response = exception_handler(ValidationError(["两项不能同时为空"]), {})
        assert response.status_code == 400
        assert response.data["detail"] == {"non_field_errors": ["两项不能同时为空"]}


@pytest.fixture(scope="module")
def schema():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def _ref(response):
    return response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")


class TestSchema:
    def test_every_operation_documents_its_errors_with_the_error_body(self, schema):
        error = schema["components"]["schemas"]["Error"]
        assert set(error["required"]) == {"code", "message", "detail"}
        operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
        assert len(operations) > 100
        for path, method, op in operations:
            responses = op["responses"]
            expected = {"403", "404"} | ({"409"} if method in ("post", "put", "patch", "delete") else set())
            if path != "/api/v1/auth/token/":
                expected.add("401")
            for code in expected:
                assert _ref(responses.get(code, {})) == "#/components/schemas/Error", (method, path, code)
            for code, response in responses.items():
                if code.startswith("4"):
                    assert _ref(response) == "#/components/schemas/Error", (method, path, code)

    def test_idempotent_creates_document_the_key_the_replay_and_the_reuse(self, schema):
        create = schema["paths"]["/api/v1/petitions/"]["post"]
        assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
        assert {"200", "201", "422"} <= set(create["responses"])
        # a create that is not wrapped documents none of it
        assert "422" not in schema["paths"]["/api/v1/identity-requests/"]["post"]["responses"]

    def test_a_read_only_field_that_can_be_null_is_nullable(self, schema):
        department = schema["components"]["schemas"]["Department"]["properties"]
        assert department["head_name"].get("nullable") is True  # source="head.name", default=None
        assert "nullable" not in department["name"]

    def test_a_read_only_choice_of_a_blank_field_allows_blank(self, schema):
        disposal = schema["components"]["schemas"]["ClueList"]["properties"]["disposal"]
        refs = [item.get("$ref") for item in disposal.get("oneOf", [])]
        assert "#/components/schemas/BlankEnum" in refs

    def test_attachment_lists_are_arrays_and_uploads_answer_201(self, schema):
        attachments = schema["paths"]["/api/v1/petitions/{id}/attachments/"]
        listed = attachments["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert listed["type"] == "array"
        assert not any(p["name"] == "page" for p in attachments["get"].get("parameters", []))
        assert "201" in attachments["post"]["responses"] and "200" not in attachments["post"]["responses"]
