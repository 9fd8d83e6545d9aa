"""The foundation's scoping: one visibility function per model, 404 for the unseen, 回避."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import reverse

from core import scoping
from core.scoping import actor_for, get_visible_or_404, register_visibility, visible_to
from organization.models import Membership, Person
from organization.roles import Role
from tests.factories import PersonFactory, make_user


@pytest.mark.django_db
class TestDepartmentScoping:
    def test_office_user_of_a_sees_nothing_of_b(self, office_a, dept_a, dept_b):
        colleague = PersonFactory(name="甲处同事", departments=[dept_a])
        stranger = PersonFactory(name="乙处人员", departments=[dept_b])
        visible = set(visible_to(Person, user=office_a))
        assert colleague in visible
        assert office_a.person in visible
        assert stranger not in visible
        assert not visible_to(Membership, user=office_a).filter(department=dept_b).exists()
        with pytest.raises(Http404):
            get_visible_or_404(Person, user=office_a, pk=stranger.pk)

    def test_api_answers_404_for_other_department_exactly_like_missing(self, api_as, office_a, dept_b):
        stranger = PersonFactory(name="乙处人员", departments=[dept_b])
        client = api_as(office_a)
        hidden = client.get(reverse("person-detail", args=[stranger.pk]))
        missing = client.get(reverse("person-detail", args=[999999]))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        names = [p["name"] for p in client.get(reverse("person-list")).json()["results"]]
        assert "乙处人员" not in names

    def test_inspector_sees_everyone(self, inspector, dept_a, dept_b):
        PersonFactory(name="乙处人员", departments=[dept_b])
        assert visible_to(Person, user=inspector).filter(name="乙处人员").exists()

    def test_anonymous_and_inactive_see_nothing(self, dept_a, office_a):
        from django.contrib.auth.models import AnonymousUser

        PersonFactory(departments=[dept_a])
        assert not visible_to(Person, user=AnonymousUser()).exists()
        office_a.is_active = False
        office_a.save()
        scoping.forget_actor(office_a)
        assert not visible_to(Person, user=office_a).exists()

    def test_superuser_status_grants_no_scope(self, dept_b):
        root = make_user(superuser=True, username="root")  # no role at all
        PersonFactory(name="乙处人员", departments=[dept_b])
        assert not visible_to(Person, user=root).filter(name="乙处人员").exists()

    def test_actor_is_resolved_once_per_user_object(self, office_a, django_assert_num_queries):
        scoping.forget_actor(office_a)
        with django_assert_num_queries(4):  # groups, person, memberships, headed departments
            actor_for(office_a)
        with django_assert_num_queries(0):
            actor = actor_for(office_a)
        assert actor.has_role(Role.OFFICE)


@pytest.mark.django_db
def test_unregistered_model_fails_closed(inspector):
    from core.models import AuditLog

    with pytest.raises(ImproperlyConfigured):
        visible_to(AuditLog, user=inspector)


@pytest.mark.django_db
def test_recusal_hides_rows_about_oneself_whatever_the_role(monkeypatch, supervisor, dept_a):
    """A model registered with subject_fields hides rows about the viewer, even from a supervisor."""
    monkeypatch.setattr(scoping, "_registry", dict(scoping._registry))

    @register_visibility(Membership, subject_fields=("person",))
    def _all(actor, qs):
        return qs

    mine = Membership.objects.create(person=supervisor.person, department=dept_a)
    other = Membership.objects.create(person=PersonFactory(), department=dept_a)
    scoping.forget_actor(supervisor)
    visible = set(visible_to(Membership, user=supervisor))
    assert other in visible
    assert mine not in visible
    with pytest.raises(Http404):
        get_visible_or_404(Membership, user=supervisor, pk=mine.pk)
