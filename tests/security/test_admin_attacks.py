"""The insider with admin access: 三员分立 holds whatever is_superuser says (issue 10, paths 4, 6, 7, 8)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords

from core.admin_mixins import HistoryAdmin, ScopedAdminMixin
from core.grants import grant, has_grant
from core.models import AccessGrant, AuditLog
from core.scoping import actor_for, forget_actor, is_registered
from organization.models import Person
from organization.roles import GROUP_NAMES, Role
from petitions.models import Category
from tests.factories import UserFactory, make_user
from tests.rectification.factories import MeasureFactory


def _group(role):
    return Group.objects.get(name=GROUP_NAMES[role])


@pytest.fixture
def security_admin(db):
    user = make_user(username="anquan", person_name="安全管理员甲")
    user.is_staff = True
    user.save()
    grant(user=user, kind=AccessGrant.Kind.SECURITY_ADMIN, reason="测试")
    return user


@pytest.fixture
def auditor(db):
    user = make_user(username="shenji", person_name="审计员甲")
    user.is_staff = True
    user.save()
    grant(user=user, kind=AccessGrant.Kind.AUDITOR, reason="测试")
    return user


@pytest.fixture
def bare_superuser(db):
    """A superuser holding no role at all."""
    return make_user(username="root", person_name="超级用户", superuser=True)


def _user_change(client, target, **fields):
    data = {"username": target.username, "first_name": target.first_name, "is_active": "on", "is_staff": ""}
    data.update(fields)
    return client.post(reverse("admin:auth_user_change", args=[target.pk]), data)


@pytest.fixture
def in_request(rf):
    """Run code as if inside a web request by ``user`` (what HistoryRequestMiddleware sets)."""

    class _Ctx:
        def __call__(self, user):
            request = rf.post("/")
            request.user = user
            HistoricalRecords.context.request = request
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            del HistoricalRecords.context.request

    return _Ctx()


@pytest.mark.django_db
class TestAdminMakesASupervisor:
    def test_through_the_user_change_form(self, client, admin_user):
        target = make_user(username="newbie", person_name="新人")
        perm = Permission.objects.get(codename="view_petition")
        client.force_login(admin_user)
        response = _user_change(
            client,
            target,
            groups=[_group(Role.SUPERVISOR).pk],
            is_superuser="on",
            user_permissions=[perm.pk],
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert not target.groups.exists()
        assert not target.is_superuser and not target.user_permissions.exists()
        assert actor_for(target).roles == frozenset()

    def test_through_the_group_admin(self, client, admin_user):
        client.force_login(admin_user)
        group = _group(Role.SUPERVISOR)
        url = reverse("admin:auth_group_change", args=[group.pk])
        response = client.post(url, {"name": GROUP_NAMES[Role.ADMIN], "permissions": []})
        assert response.status_code == 403
        admin_group = _group(Role.ADMIN)
        response = client.post(
            reverse("admin:auth_group_change", args=[admin_group.pk]), {"name": GROUP_NAMES[Role.SUPERVISOR]}
        )
        assert response.status_code == 403
        assert client.post(reverse("admin:auth_group_add"), {"name": "纪检负责人2"}).status_code == 403
        assert Group.objects.get(pk=group.pk).name == GROUP_NAMES[Role.SUPERVISOR]

    def test_the_model_hooks_refuse_whatever_the_form(self, admin_user, in_request):
        target = make_user(username="newbie", person_name="新人")
        supervisor_group, inspector_group, admin_group = (
            _group(r) for r in (Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN)
        )
        perm = Permission.objects.get(codename="view_petition")
        attempts = [
            lambda: target.groups.add(supervisor_group),
            lambda: inspector_group.user_set.add(admin_user),  # the reverse side, himself
            lambda: target.user_permissions.add(perm),
            lambda: admin_group.permissions.add(perm),
        ]
        with in_request(admin_user):
            for attempt in attempts:
                with pytest.raises(PermissionDenied), transaction.atomic():
                    attempt()
            target.is_superuser = True
            with pytest.raises(PermissionDenied), transaction.atomic():
                target.save()
        forget_actor(target)
        assert actor_for(target).roles == frozenset()
        assert not Group.objects.filter(name=GROUP_NAMES[Role.INSPECTOR], user=admin_user).exists()

    def test_superuser_flag_gives_no_content(self, bare_superuser, api_as):
        measure = MeasureFactory(content="秘密措施文本")
        client = api_as(bare_superuser)
        assert client.get(reverse("petition-list")).json()["count"] == 0
        assert client.get(reverse("rectification-measure-detail", args=[measure.pk])).status_code == 404
        assert not has_grant(bare_superuser, AccessGrant.Kind.IDENTITY)
        assert not has_grant(bare_superuser, AccessGrant.Kind.SECURITY_ADMIN)
        assert not has_grant(bare_superuser, AccessGrant.Kind.AUDITOR)

    def test_through_a_command(self, admin_user):
        # The console command that makes the first 安全管理员/审计员 keeps the three people apart.
        with pytest.raises(CommandError, match="系统管理员不能同时担任"):
            call_command("grant_admin_role", "security_admin", admin_user.username)
        supervisor = make_user(Role.SUPERVISOR, username="zz", person_name="组长")
        with pytest.raises(CommandError, match="业务角色"):
            call_command("grant_admin_role", "auditor", supervisor.username)
        assert not AccessGrant.objects.filter(kind__in=[AccessGrant.Kind.SECURITY_ADMIN, AccessGrant.Kind.AUDITOR])

    def test_first_security_admin_and_auditor_from_the_console(self):
        first = UserFactory(username="first_sec")
        second = UserFactory(username="first_aud")
        call_command("grant_admin_role", "security_admin", "first_sec")
        call_command("grant_admin_role", "auditor", "first_aud")
        with pytest.raises(CommandError, match="不同的人"):
            call_command("grant_admin_role", "auditor", "first_sec")
        assert has_grant(first, AccessGrant.Kind.SECURITY_ADMIN) and has_grant(second, AccessGrant.Kind.AUDITOR)
        logs = AuditLog.objects.filter(event=AuditLog.Event.GRANT).values_list("target", "detail")
        targets = {t for t, d in logs if d.get("via") == "console"}
        assert {"first_sec:security_admin", "first_aud:auditor"} <= targets


@pytest.mark.django_db
class TestSecurityAdmin:
    def test_assigns_a_role_to_a_linked_user_and_it_is_logged(self, client, security_admin):
        target = make_user(username="newbie", person_name="新人")
        client.force_login(security_admin)
        response = _user_change(client, target, groups=[_group(Role.INSPECTOR).pk])
        assert response.status_code == 302
        assert actor_for(target).roles == frozenset({Role.INSPECTOR})
        log = AuditLog.objects.filter(event=AuditLog.Event.ROLE, target="newbie").get()
        assert log.user == security_admin and log.detail["groups"] == [GROUP_NAMES[Role.INSPECTOR]]

    def test_refuses_a_content_role_without_a_person(self, client, security_admin):
        target = UserFactory(username="nobody")
        client.force_login(security_admin)
        response = _user_change(client, target, groups=[_group(Role.SUPERVISOR).pk])
        assert response.status_code == 200
        assert "未关联人员" in response.content.decode()
        assert not target.groups.exists()

    def test_cannot_give_themselves_a_role(self, client, security_admin, in_request):
        client.force_login(security_admin)
        _user_change(client, security_admin, groups=[_group(Role.SUPERVISOR).pk], is_staff="on")
        assert not security_admin.groups.exists()
        group = _group(Role.SUPERVISOR)
        with in_request(security_admin), pytest.raises(PermissionDenied), transaction.atomic():
            security_admin.groups.add(group)

    def test_cannot_grant_themselves_identity_access(self, client, security_admin):
        client.force_login(security_admin)
        response = client.post(
            reverse("admin:core_accessgrant_add"),
            {"user": security_admin.pk, "kind": AccessGrant.Kind.IDENTITY, "reason": "自己看"},
        )
        assert response.status_code == 200
        assert "不能给自己授权" in response.content.decode()
        assert not has_grant(security_admin, AccessGrant.Kind.IDENTITY)

    def test_a_grant_in_the_admin_is_logged(self, client, security_admin, supervisor):
        client.force_login(security_admin)
        response = client.post(
            reverse("admin:core_accessgrant_add"),
            {"user": supervisor.pk, "kind": AccessGrant.Kind.IDENTITY, "reason": "纪检负责人默认授权"},
        )
        assert response.status_code == 302
        log = AuditLog.objects.get(event=AuditLog.Event.GRANT, target="supervisor:identity")
        assert log.user == security_admin and log.detail["reason"] == "纪检负责人默认授权"

    def test_the_system_administrator_cannot_grant(self, client, admin_user, supervisor, in_request):
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:core_accessgrant_add"), {"user": supervisor.pk, "kind": AccessGrant.Kind.IDENTITY}
        )
        assert response.status_code == 403
        with in_request(admin_user), pytest.raises(PermissionDenied), transaction.atomic():
            grant(user=admin_user, kind=AccessGrant.Kind.SECURITY_ADMIN)
        assert not AccessGrant.objects.filter(user__in=[supervisor, admin_user]).exists()


@pytest.mark.django_db
class TestPersonLink:
    def _person_change(self, client, person, user_id):
        data = {
            "name": person.name,
            "title": person.title,
            "user": user_id or "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
        return client.post(reverse("admin:organization_person_change", args=[person.pk]), data)

    def test_admin_unlinking_an_inspector_lifts_nothing(self, client, admin_user, inspector, in_request):
        person = Person.objects.get(user=inspector)
        client.force_login(admin_user)
        self._person_change(client, person, None)
        assert Person.objects.get(pk=person.pk).user_id == inspector.pk
        person.user = None
        with in_request(admin_user), pytest.raises(PermissionDenied), transaction.atomic():
            person.save()
        forget_actor(inspector)
        assert actor_for(inspector).person_id == person.pk

    def test_security_admin_cannot_unlink_a_content_role_holder(self, client, security_admin, inspector):
        person = Person.objects.get(user=inspector)
        client.force_login(security_admin)
        response = self._person_change(client, person, None)
        assert response.status_code == 200
        assert "必须关联人员" in response.content.decode()
        assert Person.objects.get(pk=person.pk).user_id == inspector.pk

    def test_security_admin_links_and_unlinks_and_it_is_logged(self, client, security_admin):
        login = UserFactory(username="plain")
        person = Person.objects.create(name="张三")
        client.force_login(security_admin)
        assert self._person_change(client, person, login.pk).status_code == 302
        assert self._person_change(client, person, None).status_code == 302
        logs = list(AuditLog.objects.filter(event=AuditLog.Event.PERSON_LINK, target="张三").order_by("id"))
        assert [(log.detail["action"], log.detail["old_user"], log.detail["new_user"]) for log in logs] == [
            ("link", None, "plain"),
            ("unlink", "plain", None),
        ]
        assert all(log.user == security_admin for log in logs)


@pytest.mark.django_db
class TestHistoryViews:
    def test_superuser_without_roles_cannot_read_a_measure_in_history(self, client, bare_superuser):
        measure = MeasureFactory(content="不该被看到的整改措施文本")
        measure.content = "修改后的整改措施文本"
        measure.save()
        client.force_login(bare_superuser)
        response = client.get(reverse("admin:rectification_measure_history", args=[measure.pk]))
        assert response.status_code == 404
        assert "整改措施文本" not in response.content.decode()
        record = measure.history.first()
        url = reverse("admin:rectification_measure_simple_history", args=[measure.pk, record.history_id])
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "整改措施文本" not in response.content.decode()

    def test_a_petition_has_no_admin_history_page(self, client, bare_superuser):
        client.force_login(bare_superuser)
        assert client.get("/admin/petitions/petition/1/history/").status_code == 404

    def test_history_of_what_the_change_page_shows_still_opens(self, client, admin_user, dept_a):
        client.force_login(admin_user)
        response = client.get(reverse("admin:organization_department_history", args=[dept_a.pk]))
        assert response.status_code == 200
        assert dept_a.name in response.content.decode()

    def test_every_registered_admin_is_scoped_and_its_history_guarded(self):
        # Categories are configuration every signed-in user reads (their change page is not scoped either).
        unscoped_config = {Category}
        for model, model_admin in admin.site._registry.items():
            if isinstance(model_admin, SimpleHistoryAdmin):
                assert isinstance(model_admin, HistoryAdmin), model
            if is_registered(model) and model not in unscoped_config:
                assert isinstance(model_admin, ScopedAdminMixin), model


@pytest.mark.django_db
class TestSecurityLog:
    def test_every_account_change_is_logged_and_only_the_auditor_reads_it(
        self, client, admin_user, security_admin, auditor
    ):
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "created",
                "usable_password": "true",
                "password1": "Abcd#12345xy",
                "password2": "Abcd#12345xy",
            },
        )
        assert response.status_code == 302
        created = type(admin_user).objects.get(username="created")
        _user_change(client, created, is_active="")
        events = list(
            AuditLog.objects.filter(target="created").order_by("id").values_list("event", "user__username", "detail")
        )
        assert events[0][:2] == (AuditLog.Event.ACCOUNT, "sysadmin") and events[0][2]["action"] == "create"
        assert events[-1][2]["changes"]["is_active"] == [True, False]

        assert client.get(reverse("admin:core_auditlog_changelist")).status_code == 403
        client.force_login(security_admin)
        assert client.get(reverse("admin:core_auditlog_changelist")).status_code == 403
        client.force_login(auditor)
        page = client.get(reverse("admin:core_auditlog_changelist"))
        assert page.status_code == 200
        assert "created" in page.content.decode()


@pytest.mark.django_db
class TestAccountsThroughTheApiAndPasswords:
    def test_the_api_offers_no_way_to_change_accounts_roles_or_grants(self, api_as, admin_user):
        schema = api_as(admin_user).get(reverse("api-schema"), {"format": "json"}).json()
        writable = {
            path
            for path, operations in schema["paths"].items()
            if {"post", "put", "patch", "delete"} & set(operations)
            and any(word in path for word in ("user", "group", "grant", "permission", "people", "person"))
        }
        assert writable == set()

    def test_the_system_administrator_cannot_take_over_the_security_admin(self, client, admin_user, security_admin):
        client.force_login(admin_user)
        url = reverse("admin:auth_user_password_change", args=[security_admin.pk])
        password = "Takeover#12345"
        response = client.post(url, {"password1": password, "password2": password, "usable_password": "true"})
        assert response.status_code == 403
        security_admin.refresh_from_db()
        assert not security_admin.check_password(password)
