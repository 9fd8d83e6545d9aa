"""Due dates from rules, and their recomputation when a rule or a calendar changes.

Apps register each kind of item that stores a due date with ``register_due_date``;
a change to a rule or a holiday calendar recomputes the open items' stored dates
(except dates set by hand: a letter's own reply date, an approved extension) and
records the change in each item's history.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model, Q

from core.errors import ApplicationError
from deadlines.calendar import Due, WorkCalendar
from deadlines.models import DeadlineRule

logger = logging.getLogger(__name__)

RECOMPUTE_REASON = "期限规则或节假日安排变更，系统重新计算"


def get_rule(code: str) -> DeadlineRule:
    try:
        return DeadlineRule.objects.get(code=code, is_active=True)
    except DeadlineRule.DoesNotExist:
        raise ApplicationError(f"期限规则“{code}”不存在或已停用，请联系系统管理员", code="rule_missing") from None


def due_for(code: str, start: dt.date, *, calendar: WorkCalendar | None = None, rules: dict | None = None) -> Due:
    """The due date of rule ``code`` counted from ``start``."""
    rule = rules[code] if rules is not None else get_rule(code)
    return (calendar or WorkCalendar.load()).add(start, rule.amount, rule.unit)


@dataclass(frozen=True)
class DueDateBinding:
    """How one model stores one rule-derived due date.

    rule_code: the rule's code, or a function(obj) -> code | None (None: no rule applies).
    start: function(obj) -> date | None, the event date the period counts from.
    open_filter: Q selecting the items still open (closed items keep their dates).
    manual_field: boolean field; True means the date was set by hand and is kept.
    warning_field: text field for the calendar fallback warning.
    on_date_change: function(obj) -> further field names it set, called when recomputation
        moved the date, before the save (a model keeping a summary of its dates in step).
    """

    model: type[Model]
    date_field: str
    rule_code: str | Callable
    start: Callable
    open_filter: Q
    manual_field: str | None = None
    warning_field: str | None = None
    select_related: tuple = ()
    on_date_change: Callable | None = None

    def code_for(self, obj):
        return self.rule_code(obj) if callable(self.rule_code) else self.rule_code


_bindings: list[DueDateBinding] = []


def register_due_date(
    model,
    *,
    date_field,
    rule_code,
    start,
    open_filter=None,
    manual_field=None,
    warning_field=None,
    select_related=(),
    on_date_change=None,
):
    binding = DueDateBinding(
        model=model,
        date_field=date_field,
        rule_code=rule_code,
        start=start,
        open_filter=open_filter if open_filter is not None else Q(),
        manual_field=manual_field,
        warning_field=warning_field,
        select_related=tuple(select_related),
        on_date_change=on_date_change,
    )
    _bindings.append(binding)
    return binding


def registered_bindings():
    return list(_bindings)


def recompute_due_dates(*, reason: str = RECOMPUTE_REASON, batch_size: int = 500) -> int:
    """Recompute every open item's stored due date; returns how many changed.

    Each changed item is saved on its own so that its history records the old and
    new date with ``reason``.
    """
    calendar = WorkCalendar.load()
    rules = {r.code: r for r in DeadlineRule.objects.filter(is_active=True)}
    changed = 0
    with transaction.atomic():
        for binding in _bindings:
            qs = binding.model._default_manager.filter(binding.open_filter)
            if binding.manual_field:
                qs = qs.exclude(**{binding.manual_field: True})
            if binding.select_related:
                qs = qs.select_related(*binding.select_related)
            for obj in qs.iterator(chunk_size=batch_size):
                code = binding.code_for(obj)
                start = binding.start(obj)
                if not code or start is None or code not in rules:
                    continue
                due = calendar.add(start, rules[code].amount, rules[code].unit)
                fields = []
                if getattr(obj, binding.date_field) != due.date:
                    setattr(obj, binding.date_field, due.date)
                    fields.append(binding.date_field)
                if binding.warning_field and getattr(obj, binding.warning_field) != due.warning:
                    setattr(obj, binding.warning_field, due.warning)
                    fields.append(binding.warning_field)
                if binding.on_date_change and binding.date_field in fields:
                    fields += [f for f in binding.on_date_change(obj) if f not in fields]
                if fields:
                    obj._change_reason = reason  # type: ignore[attr-defined]  # simple_history reads it on save
                    obj.save(update_fields=fields)
                    changed += 1
    logger.info("recomputed due dates: %s items changed", changed)
    return changed


def _recompute_after_commit():
    recompute_due_dates()


def schedule_recompute():
    """Recompute once the current transaction commits (called from rule/calendar saves).

    Once per transaction: a year entered from a notice saves some forty rows, and each
    recompute reads every open item. A recompute already queued at this savepoint level or
    an outer one survives whatever would undo the current change, so another is not needed;
    one queued inside a savepoint that may still roll back does not count.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        for sids, func, _robust in connection.run_on_commit:
            if func is _recompute_after_commit and sids <= current:
                return
    transaction.on_commit(_recompute_after_commit)
