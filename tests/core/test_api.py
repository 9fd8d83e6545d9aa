import json
import re

import pytest
from django.urls import reverse
from knox.models import AuthToken

from tests.factories import PASSWORD


@pytest.mark.django_db
class TestApiSkeleton:
    def test_me(self, api_as, office_a, dept_a):
        data = api_as(office_a).get(reverse("api-me")).json()
        assert data["roles"] == ["office"]
        assert data["department_ids"] == [dept_a.pk]

    def test_anonymous_gets_chinese_error_body(self, api):
        response = api.get(reverse("department-list"))
        assert response.status_code in (401, 403)
        assert set(response.json()) == {"code", "message", "detail"}
        assert response.json()["message"] == "请先登录"

    def test_token_auth(self, api, inspector):
        response = api.post(reverse("api-token"), {"username": "inspector", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        stored = AuthToken.objects.get(user=inspector)
        assert token not in (stored.digest, stored.token_key) and stored.expiry is not None
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get(reverse("api-me")).json()["username"] == "inspector"

    def test_bad_filter_value_is_a_400_naming_the_field(self, api_as, inspector):
        response = api_as(inspector).get(reverse("department-list"), {"kind": "bogus", "parent": "x"})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert {"kind", "parent"} <= set(body["detail"])

    def test_bad_page_is_a_404_with_message(self, api_as, inspector):
        response = api_as(inspector).get(reverse("department-list"), {"page": "abc"})
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_malformed_json_is_a_400(self, api_as, inspector):
        response = api_as(inspector).post(reverse("api-token"), data="{not json", content_type="application/json")
        assert response.status_code == 400

    def test_department_list_query_count_is_fixed(self, api_as, inspector, django_assert_max_num_queries):
        from tests.factories import DepartmentFactory, PersonFactory

        for i in range(40):
            DepartmentFactory(name=f"部门{i}", head=PersonFactory())
        client = api_as(inspector)
        # actor: 4 (resolved on first visibility call), count + page with joined parent/head: 2
        with django_assert_max_num_queries(6):
            response = client.get(reverse("department-list"))
        assert response.json()["count"] >= 40


@pytest.mark.django_db
class TestDocsOffline:
    def test_schema_and_docs_serve_local_assets_only(self, client, inspector):
        client.force_login(inspector)
        schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
        assert schema.status_code == 200
        for name in ("api-docs", "api-redoc"):
            page = client.get(reverse(name)).content.decode()
            urls = re.findall(r'(?:src|href)=["\']([^"\']+)', page)
            assert urls, name
            assert not [u for u in urls if u.startswith(("http://", "https://", "//"))], name

    def test_no_template_loads_from_the_internet(self):
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        for path in list((root / "templates").rglob("*.html")) + list(root.glob("*/templates/**/*.html")):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r'(?:src|href)=["\'](?:https?:)?//', text), path


@pytest.mark.django_db
def test_health(client):
    assert json.loads(client.get("/health/").content) == {"status": "ok"}
