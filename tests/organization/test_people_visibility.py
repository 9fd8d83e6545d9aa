"""An office liaison's people: those of their departments and themselves, each once, read
without joining every person to every membership (org.scoped_people_page)."""

import pytest

from core.scoping import visible_to
from organization.models import Person
from organization.roles import Role
from tests.factories import DepartmentFactory, PersonFactory, make_user


@pytest.mark.django_db
def test_a_person_in_two_of_the_liaisons_departments_is_listed_once(dept_a, dept_b):
    liaison = make_user(Role.OFFICE, departments=[dept_a, dept_b], username="two_depts")
    both = PersonFactory(name="两处人员", departments=[dept_a, dept_b])
    stranger = PersonFactory(name="他处人员", departments=[DepartmentFactory(name="他处")])
    names = list(visible_to(Person, user=liaison).order_by("name", "id").values_list("name", flat=True))
    assert names.count("两处人员") == 1 and "他处人员" not in names
    assert set(visible_to(Person, user=liaison)) == {liaison.person, both}
    assert not visible_to(Person, user=liaison).filter(pk=stranger.pk).exists()


@pytest.mark.django_db
def test_a_liaison_of_no_department_sees_only_themselves(dept_a):
    lonely = make_user(Role.OFFICE, username="no_dept")
    PersonFactory(name="本处人员", departments=[dept_a])
    assert list(visible_to(Person, user=lonely)) == [lonely.person]


@pytest.mark.django_db
def test_the_liaisons_people_are_read_through_a_subquery_not_a_join(office_a):
    # A join OR'ed with the liaison's own id made PostgreSQL hash-join every person to every
    # membership and sort the DISTINCT of them all for one page of 50 (27x its floor).
    sql = str(visible_to(Person, user=office_a).order_by("name", "id")[:50].query).upper()
    assert "JOIN" not in sql and "DISTINCT" not in sql
    assert "IN (SELECT" in sql
