"""Open items whose stored due date is an estimate (a year without a holiday schedule).

"Estimated" is what ``deadlines.calendar`` records: a due date computed over a year with neither
admin nor library data carries a warning, stored beside it (``*_warning`` fields). Which fields
and which items count as open come from the due-date registrations
(``deadlines.services.register_due_date``); a measure whose dated deadline the ledger computed
("反馈后30个工作日内") is not recomputed, yet is open and estimated, so measures are read wider.

Two readers, kept apart by 三员分立:

* ``estimated_rows(user)`` — for 纪检 staff: the items they may see (each model's visibility
  function), one query per kind;
* ``estimated_counts()`` — for the 系统管理员: numbers per kind only, never a title or a link.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Q
from django.urls import reverse

from core.scoping import visible_to
from deadlines.services import registered_bindings
from discipline.models import Clue, Recommendation
from petitions.models import Petition
from rectification.models import InspectionRound, Measure
from rectification.open import UNFINISHED_Q

LIMIT = 200  # rows per kind on the list page


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    title: Callable
    url_name: str
    select_related: tuple = ()
    order: tuple = ("pk",)
    # Replaces the registrations' open filter (for the whole model) where it is too narrow.
    open_override: Q | None = None


KINDS = (
    Kind("rounds", "巡察整改报告", InspectionRound, lambda r: r.name, "web:round-detail"),
    Kind(
        "measures",
        "整改措施",
        Measure,
        lambda m: m.content[:60],
        "web:measure-detail",
        select_related=("problem__round",),
        open_override=UNFINISHED_Q,
    ),
    Kind("petitions", "信访件", Petition, lambda p: f"{p.number} {p.summary[:40]}", "web:petition-detail"),
    Kind("clues", "问题线索", Clue, lambda c: f"{c.number} {c.summary[:40]}", "web:clue-detail"),
    Kind(
        "recommendations",
        "纪律检查建议书",
        Recommendation,
        lambda r: f"{r.number} {r.title[:40]}",
        "web:recommendation-detail",
    ),
)


@dataclass(frozen=True)
class Field:
    date_field: str
    warning_field: str
    label: str
    open_q: Q


@cache
def _fields(model, override: Q | None) -> tuple[Field, ...]:
    out = {}
    for binding in registered_bindings():
        if binding.model is not model or not binding.warning_field:
            continue
        label = str(model._meta.get_field(binding.date_field).verbose_name)
        open_q = override if override is not None else binding.open_filter
        out.setdefault(binding.warning_field, Field(binding.date_field, binding.warning_field, label, open_q))
    return tuple(out.values())


def fields_of(kind: Kind) -> tuple[Field, ...]:
    return _fields(kind.model, kind.open_override)


def estimated_q(kind: Kind) -> Q:
    q = Q(pk__in=[])
    for f in fields_of(kind):
        q |= f.open_q & ~Q(**{f.warning_field: ""})
    return q


@dataclass
class Row:
    kind: str
    title: str
    url: str
    dues: list = field(default_factory=list)  # (label, date, warning)


@dataclass
class Group:
    kind: Kind
    rows: list
    more: bool


def estimated_groups(user, *, limit: int = LIMIT) -> list[Group]:
    """The estimated open items ``user`` may see, per kind (one query per kind)."""
    groups = []
    for kind in KINDS:
        fields = fields_of(kind)
        if not fields:
            continue
        qs = visible_to(kind.model, user=user).filter(estimated_q(kind))
        if kind.select_related:
            qs = qs.select_related(*kind.select_related)
        items = list(qs.order_by(*kind.order)[: limit + 1])
        rows = []
        for obj in items[:limit]:
            dues = [
                (f.label, getattr(obj, f.date_field), getattr(obj, f.warning_field))
                for f in fields
                if getattr(obj, f.warning_field)
            ]
            rows.append(Row(kind.label, kind.title(obj), reverse(kind.url_name, args=[obj.pk]), dues))
        if rows:
            groups.append(Group(kind, rows, more=len(items) > limit))
    return groups


def estimated_counts() -> list[tuple[str, int]]:
    """Open estimated items per kind over the whole system: numbers only (系统管理员)."""
    counts = []
    for kind in KINDS:
        if fields_of(kind):
            counts.append((kind.label, kind.model._default_manager.filter(estimated_q(kind)).count()))
    return counts
