"""The registry of things that can be reminded about.

A ``Source`` is one kind of dated item — one stored due date of one model: open items
(a queryset), the due-date field, its period unit, how to name an item (number and
title — never a reporter), a link, and for each role of the ladder an ``Audience`` that
resolves the people to remind. The scan reads every source with ONE query (the
audiences add their columns to it as joins) plus at most one bulk lookup per audience
kind, so the number of queries does not grow with the number of items.

Recipients are ``organization.Person`` ids, not user ids: a 责任人 may have no login but
an e-mail address; in-app messages go to the person's login where there is one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from deadlines.models import Unit
from organization.roles import GROUP_NAMES, Role
from reminders.models import AudienceRole

# -- audiences --------------------------------------------------------------------------------


class Audience:
    """Resolves the people (Person ids) of one ladder role for each candidate row."""

    #: value paths added to the source's candidate query (joins, never per-row queries)
    fields: tuple[str, ...] = ()

    def prepare(self, rows: list[dict], ctx: "ResolveContext") -> None:
        """One bulk lookup for all rows, if the audience needs one."""

    def persons(self, row: dict, ctx: "ResolveContext") -> list[int]:
        raise NotImplementedError


@dataclass(frozen=True)
class PersonField(Audience):
    """A person named on the item (or reached through joins): ``"responsible_person_id"``,
    ``"lead_department__head_id"``."""

    path: str

    @property
    def fields(self):
        return (self.path,)

    def persons(self, row, ctx):
        value = row[self.path]
        return [value] if value is not None else []


@dataclass(frozen=True)
class FirstPerson(Audience):
    """The first of several person paths that is set, e.g. 承办人, else 受理人, else 登记人."""

    paths: tuple[str, ...]

    @property
    def fields(self):
        return self.paths

    def persons(self, row, ctx):
        for path in self.paths:
            if row[path] is not None:
                return [row[path]]
        return []


@dataclass(frozen=True)
class DepartmentMembers(Audience):
    """Everyone of a department holding one of ``roles`` (e.g. the liaisons of the department
    a petition was transferred to). One query for all departments of the scan."""

    path: str
    roles: tuple[str, ...] = (Role.OFFICE,)

    @property
    def fields(self):
        return (self.path,)

    def prepare(self, rows, ctx):
        ctx.department_members(self.roles)

    def persons(self, row, ctx):
        department_id = row[self.path]
        if department_id is None:
            return []
        return ctx.department_members(self.roles).get(department_id, [])


@dataclass(frozen=True)
class RoleHolders(Audience):
    """Every active person whose login holds the role (e.g. all 纪检负责人)."""

    role: str

    def persons(self, row, ctx):
        return ctx.role_holders(self.role)


class PrincipalLeader(Audience):
    """The unit's principal leader (UnitProfile.principal_leader)."""

    def persons(self, row, ctx):
        return ctx.principal_leader()


class ResolveContext:
    """Lookups shared by every source of one scan, each made at most once."""

    def __init__(self):
        self._role_holders = {}
        self._members = {}
        self._principal = None
        self._reachable = None
        self._rule_units = None
        self._probes = {}

    def preload(self):
        """The global lookups, made up front so a scan's query count is the same every day."""
        self.role_holders(Role.SUPERVISOR)
        self.principal_leader()
        self.reachable_people()
        self.rule_unit(None)

    def role_holders(self, role) -> list[int]:
        if role not in self._role_holders:
            from organization.models import Person

            self._role_holders[role] = list(
                Person.objects.filter(is_active=True, user__is_active=True, user__groups__name=GROUP_NAMES[Role(role)])
                .order_by("id")
                .values_list("id", flat=True)
                .distinct()
            )
        return self._role_holders[role]

    def department_members(self, roles) -> dict[int, list[int]]:
        key = tuple(sorted(roles))
        if key not in self._members:
            from organization.models import Membership

            members: dict[int, list[int]] = {}
            pairs = (
                Membership.objects.filter(
                    person__is_active=True,
                    person__user__is_active=True,
                    person__user__groups__name__in=[GROUP_NAMES[Role(r)] for r in key],
                )
                .values_list("department_id", "person_id")
                .distinct()
            )
            for department_id, person_id in pairs:
                members.setdefault(department_id, []).append(person_id)
            self._members[key] = members
        return self._members[key]

    def principal_leader(self) -> list[int]:
        if self._principal is None:
            from organization.models import UnitProfile

            leader = UnitProfile.objects.filter(pk=1).values_list("principal_leader_id", flat=True).first()
            self._principal = [leader] if leader else []
        return self._principal

    def rule_unit(self, code: str | None, default: str = Unit.DAY) -> str:
        """The period unit of a deadline rule (all rules read in one query per scan)."""
        if self._rule_units is None:
            from deadlines.models import DeadlineRule

            self._rule_units = dict(DeadlineRule.objects.values_list("code", "unit"))
        return self._rule_units.get(code, default) if code else default

    def probe(self, model):
        """One unsaved instance of ``model`` for this scan, reused row after row by functions
        that take an instance (building one per row costs more than the rest of the plan)."""
        if model not in self._probes:
            self._probes[model] = model()
        return self._probes[model]

    def reachable_people(self) -> frozenset:
        """Active people who can be reached: an active login (in-app), or an address on an
        enabled channel. Anyone else is passed over, so the stage falls back to someone
        who will actually read it."""
        if self._reachable is None:
            from django.db.models import Q

            from organization.models import Person
            from reminders.delivery.channels import enabled_channels

            reachable = Q(user__is_active=True)
            for channel in enabled_channels():
                for name in channel.address_fields:
                    reachable |= Q(**{f"{name}__gt": ""})
            people = Person.objects.filter(reachable, is_active=True).values_list("id", flat=True).distinct()
            self._reachable = frozenset(people)
        return self._reachable


DEFAULT_AUDIENCES = {
    AudienceRole.SUPERVISOR: RoleHolders(Role.SUPERVISOR),
    AudienceRole.PRINCIPAL_LEADER: PrincipalLeader(),
}

# When the roles a stage goes to resolve to nobody reachable (no 责任人 named, one with
# neither a login nor an address, or only people who are recused), the reminder goes to
# the next of these that resolves to someone, so a due reminder is never silently dropped.
FALLBACK_ROLES = (AudienceRole.DEPARTMENT_HEAD, AudienceRole.SUPERVISOR)


# -- sources --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One stored due date of one kind of item.

    key:        stable code stored in every Reminder row ("measure", "petition.notify").
    label:      the kind in Chinese, shown in messages ("整改措施").
    due_label:  what the date is ("完成时限", "告知期限").
    queryset:   function returning the OPEN items (closure stops reminders at once).
    due_field:  the stored due-date field (or an annotation of the queryset).
    unit:       Unit of the period, or function(row, ctx) -> unit with ``unit_fields``
                (``ctx.rule_unit(code)`` reads a deadline rule's unit).
    title:      function(row) -> "number + title" with ``title_fields``; never a reporter.
    link:       function(row) -> path of the item's page.
    audiences:  AudienceRole -> Audience; supervisor and principal leader default to the
                role holders and the unit's principal leader.
    recusal_fields: Person-id paths of people the item is about (被反映人): they never
                receive a reminder about it, whatever role they hold (回避).
    """

    key: str
    label: str
    due_label: str
    queryset: Callable[[], QuerySet]
    due_field: str
    title: Callable[[dict], str]
    title_fields: tuple[str, ...] = ()
    unit: str | Callable[[dict, "ResolveContext"], str] = Unit.DAY
    unit_fields: tuple[str, ...] = ()
    link: Callable[[dict], str] = field(default=lambda row: "")
    link_fields: tuple[str, ...] = ()
    audiences: dict = field(default_factory=dict)
    recusal_fields: tuple[str, ...] = ()

    def audience(self, role) -> Audience | None:
        return self.audiences.get(role) or DEFAULT_AUDIENCES.get(role)

    def value_fields(self) -> list[str]:
        names = ["pk", self.due_field, *self.title_fields, *self.unit_fields, *self.link_fields, *self.recusal_fields]
        for role in AudienceRole:
            audience = self.audience(role)
            if audience is not None:
                names.extend(audience.fields)
        return list(dict.fromkeys(names))

    def unit_for(self, row, ctx) -> str:
        return self.unit(row, ctx) if callable(self.unit) else self.unit

    def open_items(self) -> QuerySet:
        return self.queryset().filter(**{f"{self.due_field}__isnull": False})


_sources: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    _sources[source.key] = source
    return source


def unregister_source(key: str) -> None:
    _sources.pop(key, None)


def registered_sources() -> list[Source]:
    return list(_sources.values())


def get_source(key: str) -> Source | None:
    return _sources.get(key)
