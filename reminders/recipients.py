"""Who of a pool of people may be told about one item: resolved in a fixed number of queries.

A workflow notification goes only to people who can open the item: each candidate's roles and
departments are resolved the way ``organization.selectors.resolve_actor`` does (three queries for
the whole pool, not two per person), and the item's own visibility function — 回避 included — is
applied for every candidate in one UNION query. A person without an active login is never told
(visibility cannot be checked for them: fail closed).
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, Q, Value

from core.scoping import Actor, apply_visibility
from organization.models import Department, Membership, Person
from organization.roles import GROUP_NAMES, ROLE_BY_GROUP

_UNION_CHUNK = 100  # SQLite allows 500 terms in one compound SELECT


def role_pool(*roles) -> Q:
    return Q(user__groups__name__in=[GROUP_NAMES[r] for r in roles])


def department_pool(department_id, *roles) -> Q:
    if department_id is None:
        return Q(pk__in=[])
    return Q(memberships__department_id=department_id) & role_pool(*roles)


def user_pool(*user_ids) -> Q:
    return Q(user_id__in=[u for u in user_ids if u is not None])


def candidates(pool: Q) -> list[dict]:
    """Active people with an active login in ``pool`` (one query)."""
    rows = (
        Person.objects.filter(pool, is_active=True, user__isnull=False, user__is_active=True)
        .values("id", "user_id")
        .distinct()
        .order_by("id")
    )
    return list(rows)


def actors(people: list[dict]) -> dict[int, Actor]:
    """person id → Actor, for all of ``people`` in three queries."""
    if not people:
        return {}
    person_ids = [p["id"] for p in people]
    user_ids = [p["user_id"] for p in people]
    roles = defaultdict(set)
    through = get_user_model().groups.through
    for user_id, name in through.objects.filter(user_id__in=user_ids).values_list("user_id", "group__name"):
        if name in ROLE_BY_GROUP:
            roles[user_id].add(ROLE_BY_GROUP[name])
    departments = defaultdict(set)
    for person_id, department_id in Membership.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "department_id"
    ):
        departments[person_id].add(department_id)
    headed = defaultdict(set)
    for department_id, head_id in Department.objects.filter(head_id__in=person_ids).values_list("id", "head_id"):
        headed[head_id].add(department_id)
    return {
        p["id"]: Actor(
            user_id=p["user_id"],
            person_id=p["id"],
            roles=frozenset(roles[p["user_id"]]),
            department_ids=frozenset(departments[p["id"]]),
            headed_department_ids=frozenset(headed[p["id"]]),
        )
        for p in people
    }


def who_can_see(model, pk, actors_by_person: dict[int, Actor]) -> set[int]:
    """The person ids among ``actors_by_person`` whose visibility of ``model`` includes row ``pk``."""
    seen: set[int] = set()
    items = sorted(actors_by_person.items())
    for start in range(0, len(items), _UNION_CHUNK):
        parts = [
            apply_visibility(model._default_manager.filter(pk=pk), actor=actor)
            .order_by()
            .annotate(_who=Value(person_id, output_field=IntegerField()))
            .values_list("_who", flat=True)
            for person_id, actor in items[start : start + _UNION_CHUNK]
        ]
        query = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
        seen.update(query)
    return seen
