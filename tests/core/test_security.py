"""Login security (lockout, password rules, session timeout), the security log and 三员分立."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.grants import grant, has_grant, revoke
from core.models import AccessGrant, AuditLog
from tests.factories import PASSWORD, make_user


@pytest.mark.django_db
class TestLogin:
    def test_success_and_failure_are_logged(self, client, inspector):
        client.post(reverse("login"), {"username": "inspector", "password": "wrong"})
        client.post(reverse("login"), {"username": "inspector", "password": PASSWORD})
        events = list(AuditLog.objects.order_by("id").values_list("event", "username"))
        assert (AuditLog.Event.LOGIN_FAILED, "inspector") in events
        assert (AuditLog.Event.LOGIN, "inspector") in events
        assert not AuditLog.objects.filter(detail__icontains="wrong").exists()

    def test_lockout_after_repeated_failures(self, client, inspector, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": "inspector", "password": "wrong"})
        response = client.post(reverse("login"), {"username": "inspector", "password": PASSWORD})
        assert response.status_code == 403
        assert "锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_session_expires_when_idle(self, settings):
        assert settings.SESSION_SAVE_EVERY_REQUEST is True
        assert settings.SESSION_COOKIE_AGE <= 60 * 60

    def test_password_rules(self):
        with pytest.raises(ValidationError):
            validate_password("short1A!")
        with pytest.raises(ValidationError):
            validate_password("alllowercaseletters")
        validate_password("Xunchao-2026-ok")

    def test_login_page_is_chinese_and_csrf_protected(self, client):
        page = client.get(reverse("login")).content.decode()
        assert "登录" in page and "csrfmiddlewaretoken" in page
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        assert strict.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.django_db
class TestGrants:
    def test_superuser_has_no_grant_by_status(self):
        root = make_user(superuser=True, username="root")
        assert root.has_perm("anything.at_all")  # Django's view of a superuser…
        assert not has_grant(root, AccessGrant.Kind.IDENTITY)  # …is not ours

    def test_grant_expiry_and_revocation(self, supervisor, admin_user):
        grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY, granted_by=admin_user, reason="默认")
        assert has_grant(supervisor, AccessGrant.Kind.IDENTITY)
        assert not has_grant(supervisor, AccessGrant.Kind.AUDITOR)
        revoke(user=supervisor, kind=AccessGrant.Kind.IDENTITY, revoked_by=admin_user)
        assert not has_grant(supervisor, AccessGrant.Kind.IDENTITY)
        AccessGrant.objects.create(
            user=supervisor, kind=AccessGrant.Kind.IDENTITY, expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        assert not has_grant(supervisor, AccessGrant.Kind.IDENTITY)
        # grant, revoke, and the row created directly (every grant row is logged by core.signals)
        assert AuditLog.objects.filter(event=AuditLog.Event.GRANT).count() == 3

    def test_security_log_is_for_the_auditor_only(self, client, admin_user):
        client.force_login(admin_user)
        url = reverse("admin:core_auditlog_changelist")
        assert client.get(url).status_code == 403  # a superuser system administrator
        AccessGrant.objects.create(user=admin_user, kind=AccessGrant.Kind.AUDITOR)
        assert client.get(url).status_code == 200
        assert client.get(reverse("admin:core_accessgrant_changelist")).status_code == 403


@pytest.mark.django_db
def test_admin_cannot_delete_departments(client, admin_user, dept_a):
    client.force_login(admin_user)
    page = client.get(reverse("admin:organization_department_change", args=[dept_a.pk]))
    assert page.status_code == 200
    assert "删除" not in page.content.decode().split("submit-row")[-1][:2000]
    assert client.get(reverse("admin:organization_department_delete", args=[dept_a.pk])).status_code == 403
    assert client.get(reverse("admin:organization_department_history", args=[dept_a.pk])).status_code == 200
