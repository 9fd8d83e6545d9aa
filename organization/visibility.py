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
    # An office liaison sees the people of their own departments, and themselves.
    return qs.filter(Q(memberships__department_id__in=actor.department_ids) | Q(pk=actor.person_id)).distinct()


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
