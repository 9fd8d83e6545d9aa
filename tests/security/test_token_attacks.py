"""The insider and API tokens: the system administrator must not hold anyone's key (issue 10, path 3)."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from core.models import AuditLog
from tests.factories import PASSWORD

NEW_PASSWORD = "Another#Pass123"


def _login(api, username, password=PASSWORD):
    return api.post(reverse("api-token"), {"username": username, "password": password}, format="json")


def _me(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(reverse("api-me"))
    api.credentials()
    return response


@pytest.mark.django_db
class TestTokenAttacks:
    def test_admin_cannot_list_tokens(self, client, admin_user, supervisor, api):
        _login(api, "supervisor")
        client.force_login(admin_user)
        assert client.get("/admin/knox/authtoken/").status_code == 404
        assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
        index = client.get(reverse("admin:index")).content.decode()
        assert "knox" not in index and "authtoken" not in index and "令牌" not in index

    def test_admin_cannot_add_a_token_for_the_supervisor(self, client, admin_user, supervisor, api):
        client.force_login(admin_user)
        response = client.post("/admin/knox/authtoken/add/", {"user": supervisor.pk, "expiry": ""})
        assert response.status_code == 404
        # The API hands out a token only for the caller's own password — a session does not help.
        api.force_authenticate(admin_user)
        response = api.post(reverse("api-token"), {"username": "supervisor", "password": ""}, format="json")
        assert response.status_code == 400
        assert "password" in response.json()["detail"]
        assert not AuthToken.objects.filter(user=supervisor).exists()

    def test_keys_are_stored_hashed_and_expire(self, api, supervisor, settings):
        before = timezone.now()
        response = _login(api, "supervisor")
        assert response.status_code == 200
        token = response.json()["token"]
        row = AuthToken.objects.get(user=supervisor)
        assert token not in row.digest and row.digest != token
        ttl = settings.REST_KNOX["TOKEN_TTL"]
        assert before + ttl - dt.timedelta(minutes=1) <= row.expiry <= timezone.now() + ttl
        with connection.cursor() as cursor:
            cursor.execute("SELECT digest, token_key FROM knox_authtoken")
            assert all(token not in value for row_ in cursor.fetchall() for value in row_)
        assert "authtoken_token" not in connection.introspection.table_names()

    def test_expired_token_is_refused(self, api, supervisor):
        token = _login(api, "supervisor").json()["token"]
        assert _me(api, token).status_code == 200
        AuthToken.objects.filter(user=supervisor).update(expiry=timezone.now() - dt.timedelta(seconds=1))
        assert _me(api, token).status_code in (401, 403)

    def test_token_dies_with_a_password_change(self, api, supervisor):
        token = _login(api, "supervisor").json()["token"]
        supervisor.set_password(NEW_PASSWORD)
        supervisor.save()
        assert _me(api, token).status_code in (401, 403)
        assert not AuthToken.objects.filter(user=supervisor).exists()
        log = AuditLog.objects.filter(event=AuditLog.Event.ACCOUNT, target="supervisor").latest("id")
        assert log.detail["password_changed"] is True and log.detail["tokens_revoked"] == 1
        assert supervisor.password not in str(log.detail)

    def test_token_dies_when_the_admin_resets_the_password(self, api, client, admin_user, supervisor):
        token = _login(api, "supervisor").json()["token"]
        client.force_login(admin_user)
        url = reverse("admin:auth_user_password_change", args=[supervisor.pk])
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
        assert response.status_code == 302
        assert _me(api, token).status_code in (401, 403)
        log = AuditLog.objects.filter(event=AuditLog.Event.ACCOUNT, target="supervisor").latest("id")
        assert log.user == admin_user and log.detail["password_changed"] is True

    def test_token_dies_with_deactivation(self, api, supervisor):
        token = _login(api, "supervisor").json()["token"]
        supervisor.is_active = False
        supervisor.save()
        assert not AuthToken.objects.filter(user=supervisor).exists()
        supervisor.is_active = True
        supervisor.save()
        assert _me(api, token).status_code in (401, 403)

    def test_logout_deletes_the_token(self, api, supervisor):
        token = _login(api, "supervisor").json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.post(reverse("api-logout")).status_code == 204
        assert _me(api, token).status_code in (401, 403)

    def test_the_schema_documents_the_token_endpoint(self, api_as, inspector):
        schema = api_as(inspector).get(reverse("api-schema"), {"format": "json"}).json()
        post = schema["paths"]["/api/v1/auth/token/"]["post"]
        assert "expiry" in str(schema["components"]["schemas"]["ApiToken"])
        assert post["summary"] == "用户名密码换取接口令牌"


@pytest.mark.django_db
def test_a_rehash_at_login_is_not_a_password_change(api, supervisor, settings):
    # Django re-hashes a password with new parameters when it checks it (save(update_fields=["password"])).
    token = _login(api, "supervisor").json()["token"]
    supervisor.refresh_from_db()
    supervisor.set_password(PASSWORD)
    supervisor._password = None  # what check_password's setter leaves before saving
    supervisor.save(update_fields=["password"])
    assert _me(api, token).status_code == 200
    supervisor.set_password(NEW_PASSWORD)
    supervisor.save(update_fields=["password"])
    assert _me(api, token).status_code in (401, 403)
