"""The rule-derived due dates of this app, and their registration for recomputation.

* A round's 整改方案 is due by rule ``round-plan`` counted from the feedback date.
* A round's 整改情况报告 is due by rule ``round-report`` counted from the feedback date, and
  its 主要负责人组织落实整改情况报告 by rule ``round-leader-report`` (the 巡视工作条例 asks for
  both within the period).
* A 立行立改 measure is due by rule ``measure-immediate`` counted from its round's
  feedback date, unless an approved extension set its date by hand.

Dated measures keep the date the ledger gave; long-term measures have none.
"""

from dataclasses import dataclass

from django.db.models import Q

from deadlines.calendar import Due
from deadlines.services import due_for, register_due_date
from rectification.models import DeadlineKind, InspectionRound, Measure, MeasureStatus

ROUND_REPORT_RULE = "round-report"
LEADER_REPORT_RULE = "round-leader-report"
PLAN_RULE = "round-plan"
IMMEDIATE_RULE = "measure-immediate"


@dataclass(frozen=True)
class RoundDeadline:
    """One document a round owes: its rule (counted from the feedback date), the stored date and
    warning, and the day it was sent (which ends the deadline)."""

    rule: str
    date_field: str
    warning_field: str
    submitted_field: str


# 整改方案, 整改情况报告, 主要负责人组织落实整改情况报告 — in the order they are due.
ROUND_DEADLINES = (
    RoundDeadline(PLAN_RULE, "plan_due_date", "plan_due_warning", "plan_submitted_on"),
    RoundDeadline(ROUND_REPORT_RULE, "report_due_date", "report_due_warning", "report_submitted_on"),
    RoundDeadline(
        LEADER_REPORT_RULE, "leader_report_due_date", "leader_report_due_warning", "leader_report_submitted_on"
    ),
)
# The stored dates set_report_dues writes (for save(update_fields=...)).
ROUND_DUE_FIELDS = tuple(f for d in ROUND_DEADLINES for f in (d.date_field, d.warning_field))


def round_due(rule: str, feedback_date, *, calendar=None, rules=None) -> Due | None:
    if feedback_date is None:
        return None
    return due_for(rule, feedback_date, calendar=calendar, rules=rules)


def round_report_due(feedback_date, *, calendar=None, rules=None) -> Due | None:
    return round_due(ROUND_REPORT_RULE, feedback_date, calendar=calendar, rules=rules)


def set_report_dues(rnd, *, calendar=None, rules=None):
    """Store the 整改方案's and both reports' due dates of a round from its feedback date."""
    for deadline in ROUND_DEADLINES:
        due = round_due(deadline.rule, rnd.feedback_date, calendar=calendar, rules=rules)
        setattr(rnd, deadline.date_field, due.date if due else None)
        setattr(rnd, deadline.warning_field, due.warning if due else "")


def immediate_due(feedback_date, *, calendar=None, rules=None) -> Due | None:
    if feedback_date is None:
        return None
    return due_for(IMMEDIATE_RULE, feedback_date, calendar=calendar, rules=rules)


def _measure_rule(measure):
    return IMMEDIATE_RULE if measure.deadline_kind == DeadlineKind.IMMEDIATE else None


def register():
    for deadline in ROUND_DEADLINES:
        register_due_date(
            InspectionRound,
            date_field=deadline.date_field,
            rule_code=deadline.rule,
            start=lambda r: r.feedback_date,
            open_filter=Q(**{f"{deadline.submitted_field}__isnull": True}, archived_at__isnull=True),
            warning_field=deadline.warning_field,
        )
    register_due_date(
        Measure,
        date_field="due_date",
        rule_code=_measure_rule,
        start=lambda m: m.problem.round.feedback_date,
        open_filter=Q(deadline_kind=DeadlineKind.IMMEDIATE, archived_at__isnull=True)
        & ~Q(status=MeasureStatus.SIGNED_OFF),
        manual_field="due_date_manual",
        warning_field="due_date_warning",
        select_related=("problem__round",),
    )


def round_rules_reader():
    """A function (round) -> the rules that set its dates, with those dates; loads rules once."""
    from deadlines.calendar import WorkCalendar
    from deadlines.models import DeadlineRule

    cache = {}

    def rules_for(rnd):
        if not cache:
            codes = (PLAN_RULE, ROUND_REPORT_RULE, LEADER_REPORT_RULE, IMMEDIATE_RULE)
            cache["rules"] = {r.code: r for r in DeadlineRule.objects.filter(code__in=codes, is_active=True)}
            cache["calendar"] = WorkCalendar.load() if cache["rules"] else None
        rules, out = cache["rules"], []
        for code in (PLAN_RULE, ROUND_REPORT_RULE, LEADER_REPORT_RULE, IMMEDIATE_RULE):
            rule = rules.get(code)
            if rule is None:
                continue
            if code == PLAN_RULE:
                due, warning = rnd.plan_due_date, rnd.plan_due_warning
            elif code == ROUND_REPORT_RULE:
                due, warning = rnd.report_due_date, rnd.report_due_warning
            elif code == LEADER_REPORT_RULE:
                due, warning = rnd.leader_report_due_date, rnd.leader_report_due_warning
            else:
                computed = immediate_due(rnd.feedback_date, calendar=cache["calendar"], rules=rules)
                due, warning = (computed.date, computed.warning) if computed else (None, "")
            out.append(
                {
                    "code": rule.code,
                    "name": rule.name,
                    "period": rule.period_text,
                    "legal_basis": rule.legal_basis,
                    "due_date": due,
                    "warning": warning,
                }
            )
        return out

    return rules_for
