"""core imports no app above it: who a user is, the role groups of 三员分立 and the Person hooks of
the security log are registered by the organization app; without them core refuses (fail closed)
and the start-up checks fail."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from core import checks, scoping, separation, signals
from core.models import AuditLog
from organization.models import Person
from organization.roles import GROUP_NAMES, Role
from tests.factories import PersonFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


def test_the_organization_app_registers_every_hook():
    assert checks.people_hooks_registered() == []
    assert separation.registered_person_model() is Person
    assert signals.person_hooks_connected(Person)
    assert separation.admin_group_name() == GROUP_NAMES[Role.ADMIN]
    assert separation.content_group_names() == {
        GROUP_NAMES[r] for r in (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.OFFICE)
    }


def test_the_registered_resolver_answers_who_a_user_is(office_a, dept_a):
    actor = scoping.actor_for(office_a)

    assert actor.roles == frozenset({Role.OFFICE})
    assert actor.department_ids == frozenset({dept_a.pk})
    assert actor.person_id == Person.objects.get(user=office_a).pk


def test_without_a_resolver_nobody_is_resolved(monkeypatch, inspector):
    scoping.forget_actor(inspector)
    monkeypatch.setattr(scoping, "_resolver", {})

    with pytest.raises(ImproperlyConfigured):
        scoping.actor_for(inspector)
    assert [e.id for e in checks.people_hooks_registered()] == ["core.E001"]


def test_without_registered_people_every_role_change_is_refused(monkeypatch, admin_user):
    target = make_user()
    monkeypatch.setattr(separation, "_people", {})

    with pytest.raises(ImproperlyConfigured):
        separation.check_groups_added(admin_user, target, [GROUP_NAMES[Role.ADMIN]])
    with pytest.raises(ImproperlyConfigured):
        separation.check_groups_removed(admin_user, target, [GROUP_NAMES[Role.OFFICE]])
    with pytest.raises(ImproperlyConfigured):
        separation.is_system_admin(target)  # not a superuser: the role decides
    assert [e.id for e in checks.people_hooks_registered()] == ["core.E002"]


def test_registered_people_still_refuse_a_role_to_an_account_without_a_person(admin_user):
    target = make_user()
    Person.objects.filter(user=target).update(user=None)

    with pytest.raises(PermissionDenied):
        separation.check_groups_added(admin_user, target, [GROUP_NAMES[Role.INSPECTOR]])


def test_without_the_person_hooks_the_site_does_not_start(monkeypatch):
    monkeypatch.setattr(signals, "_person_models", set())

    assert [e.id for e in checks.people_hooks_registered()] == ["core.E003"]


def test_the_connected_person_hooks_log_a_link():
    person = PersonFactory(name="新人员")
    person.user = UserFactory()
    person.save()  # from the console: logged, not refused

    entry = AuditLog.objects.filter(event=AuditLog.Event.PERSON_LINK).latest("pk")
    assert entry.target == "新人员"
    assert entry.detail["action"] == "link" and entry.detail["new_user"] == person.user.username
