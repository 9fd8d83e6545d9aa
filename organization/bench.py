"""Bench: the department-scoped queryset (an office user's page of people, each with the departments
the API shows). Floor: the page of the office's department's members by name, then the departments of those
50 people in one query."""

from django.contrib.auth import get_user_model
from django.db import connection

from core.bench import BenchCase, grouped_by_id, register
from organization.models import Department, Membership, Person
from organization.roles import Role, assign_roles
from organization.selectors import person_list

PAGE = 50


def _setup(rows):
    departments = Department.objects.bulk_create([Department(name=f"基准部门{i:03d}", order=i) for i in range(100)])
    people = Person.objects.bulk_create([Person(name=f"人员{i:07d}") for i in range(rows)])
    Membership.objects.bulk_create(
        [Membership(person=p, department=departments[i % len(departments)]) for i, p in enumerate(people)]
    )
    user = get_user_model().objects.create_user(username="bench-office", password=None)
    people[0].user = user
    people[0].save(update_fields=["user"])
    assign_roles(user, Role.OFFICE)
    return {"user": user, "department_id": departments[0].pk}


def _run(ctx):
    user = get_user_model().objects.get(pk=ctx["user"].pk)  # fresh: actor resolution is part of the cost
    page = person_list(user=user).order_by("name", "id")[:PAGE]
    return [(p.pk, p.name, tuple(d.name for d in p.departments.all())) for p in page]


def _floor(ctx):
    with connection.cursor() as cursor:
        cursor.execute(
            # The members read once, then the name index walked until 50 of them (2 ms on PostgreSQL). For a
            # JOIN or a plain IN it chose a nested loop probing each person's memberships (65–140 ms).
            "SELECT p.id, p.name FROM organization_person p WHERE p.id "
            + ("= ANY(ARRAY(SELECT person_id" if connection.vendor == "postgresql" else "IN (SELECT person_id")
            + " FROM organization_membership WHERE department_id = %s)"
            + (")" if connection.vendor == "postgresql" else "")
            + " ORDER BY p.name, p.id LIMIT %s",
            [ctx["department_id"], PAGE],
        )
        page = cursor.fetchall()
    departments = grouped_by_id(
        "SELECT m.person_id, d.name FROM organization_membership m"
        " JOIN organization_department d ON d.id = m.department_id"
        ' WHERE m.person_id IN ({ids}) ORDER BY m.person_id, d."order", d.id',
        [row[0] for row in page],
    )
    return [(pk, name, tuple(departments.get(pk, ()))) for pk, name in page]


def _check(ctx, run_result, floor_result):
    assert [tuple(r) for r in run_result] == [tuple(r) for r in floor_result], "scoped list differs from floor"


register(
    BenchCase(
        name="org.scoped_people_page",
        description="office user's department-scoped page of 50 people",
        size=100_000,
        setup=_setup,
        run=_run,
        floor=_floor,
        check=_check,
    )
)
