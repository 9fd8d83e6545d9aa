"""Visibility of departments and people (core.scoping)."""

from django.db.models import Q

from core.scoping import register_visibility
from organization.models import Department, DepartmentAlias, Membership, Person, PersonAlias, UnitProfile
from organization.roles import Role

_STAFF = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)


@register_visibility(Department)
def _departments(actor, qs):
    # The department tree is not sensitive: every signed-in user may read it.
    return qs


@register_visibility(Person)
def _people(actor, qs):
    if actor.has_role(*_STAFF):
        return qs
    # An office liaison sees the people of their own departments, and themselves. A semi-join
    # (IN subquery), not a join: a join OR'ed with the person's own id cannot use an index, so
    # PostgreSQL joined every person to every membership and sorted the DISTINCT of them all
    # for one page; the subquery is hashed once and the page is read in name order.
    members = Membership.objects.filter(department_id__in=actor.department_ids).order_by().values("person_id")
    return qs.filter(Q(pk__in=members) | Q(pk=actor.person_id))


@register_visibility(Membership)
def _memberships(actor, qs):
    if actor.has_role(*_STAFF):
        return qs
    return qs.filter(department_id__in=actor.department_ids)


@register_visibility(UnitProfile)
def _unit(actor, qs):
    return qs


@register_visibility(DepartmentAlias)
def _department_aliases(actor, qs):
    return qs  # as the department tree itself


@register_visibility(PersonAlias)
def _person_aliases(actor, qs):
    return qs.filter(person__in=_people(actor, Person.objects.all()))
