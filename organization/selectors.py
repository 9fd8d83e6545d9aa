"""Reads for the organization app, including the actor resolution used by core.scoping."""

from core.scoping import Actor, visible_to
from organization.models import Department, Membership, Person
from organization.roles import ROLE_BY_GROUP


def resolve_actor(user) -> Actor:
    roles = frozenset(
        ROLE_BY_GROUP[name] for name in user.groups.values_list("name", flat=True) if name in ROLE_BY_GROUP
    )
    person_id = Person.objects.filter(user=user).values_list("id", flat=True).first()
    department_ids: frozenset[int] = frozenset()
    headed: frozenset[int] = frozenset()
    if person_id is not None:
        department_ids = frozenset(
            Membership.objects.filter(person_id=person_id).values_list("department_id", flat=True)
        )
        headed = frozenset(Department.objects.filter(head_id=person_id).values_list("id", flat=True))
    return Actor(
        user_id=user.pk, person_id=person_id, roles=roles, department_ids=department_ids, headed_department_ids=headed
    )


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
