"""Reads for the organization app, including the actor resolution used by core.scoping."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from core.scoping import Actor, visible_to
from organization.models import Department, Membership, Person
from organization.roles import ROLE_BY_GROUP


def resolve_actor(user) -> Actor:
    person_id = Person.objects.filter(user=user).values_list("id", flat=True).first()
    return resolve_actors([(user.pk, person_id)])[user.pk]


def resolve_actors(people: list[tuple[int, int | None]]) -> dict[int, Actor]:
    """user id → Actor for ``(user_id, person_id)`` pairs: roles from the user's groups, departments
    from the person's memberships and the departments they head — three queries for any number."""
    user_ids = [user_id for user_id, _ in people]
    person_ids = [person_id for _, person_id in people if person_id is not None]
    roles: defaultdict[int, set] = defaultdict(set)
    through = get_user_model().groups.through
    for user_id, name in through.objects.filter(user_id__in=user_ids).values_list("user_id", "group__name"):
        if name in ROLE_BY_GROUP:
            roles[user_id].add(ROLE_BY_GROUP[name])
    departments: defaultdict[int | None, set[int]] = defaultdict(set)  # None: no Person, no departments
    headed: defaultdict[int | None, set[int]] = defaultdict(set)
    if person_ids:
        memberships = Membership.objects.filter(person_id__in=person_ids).values_list("person_id", "department_id")
        for person_id, department_id in memberships:
            departments[person_id].add(department_id)
        for department_id, head_id in Department.objects.filter(head_id__in=person_ids).values_list("id", "head_id"):
            headed[head_id].add(department_id)
    return {
        user_id: Actor(
            user_id=user_id,
            person_id=person_id,
            roles=frozenset(roles[user_id]),
            department_ids=frozenset(departments[person_id]),
            headed_department_ids=frozenset(headed[person_id]),
        )
        for user_id, person_id in people
    }


def department_list(*, user):
    return visible_to(Department, user=user).select_related("parent", "head")


def person_list(*, user):
    return visible_to(Person, user=user).prefetch_related("departments")


def user_name(field):
    """The display name of the user in ``field`` (person's name, else username, else "").

    A correlated subquery, not a join: a list's COUNT(*) drops it when unused, so counting a
    page's total stays a plain scan of the listed table.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    person = Person.objects.filter(user_id=OuterRef(field)).values("name")[:1]
    username = get_user_model().objects.filter(pk=OuterRef(field)).values("username")[:1]
    return Coalesce(Subquery(person), Subquery(username), Value(""))
