"""Who of a pool of people may be told about one item: resolved in a fixed number of queries.

A workflow notification goes only to people who can open the item: each candidate's roles and
departments are resolved by ``organization.selectors.resolve_actors`` (three queries for the whole
pool, not four per person), and the item's own visibility function — 回避 included — is
applied for every candidate in one UNION query. A person without an active login is never told
(visibility cannot be checked for them: fail closed).
"""

from django.db.models import IntegerField, Q, Value

from core.scoping import Actor, apply_visibility
from organization.models import Person
from organization.roles import GROUP_NAMES
from organization.selectors import resolve_actors

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
    """person id → Actor, for all of ``people`` in three queries (``organization.selectors.resolve_actors``)."""
    if not people:
        return {}
    by_user = resolve_actors([(p["user_id"], p["id"]) for p in people])
    return {p["id"]: by_user[p["user_id"]] for p in people}


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
