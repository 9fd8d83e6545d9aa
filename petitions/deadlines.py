"""Which deadline rules apply to a petition, and its stored due dates.

The rules themselves (amounts, units, legal basis) are rows of ``deadlines.DeadlineRule``;
this module only decides which rule codes apply to which petition (DOMAIN.md §3):

* 告知 (notify): named — 检举控告 ``accusation-notify`` (15 工作日), 信访
  ``petition-notify`` (15 日), 投诉 ``complaint-notify`` (7 工作日); 意见建议 none.
  Anonymous reporters cannot be told. Only the 检举控告工作规则 exempts a repeat
  report ("重复检举控告的，不再告知"): a repeat 信访 or 投诉 is still told, since
  neither the 信访工作条例 nor the unit's rule says otherwise. A 转送/交办 item outside
  the unit's remit owes an 异议 instead of the 告知 (信访工作条例 第二十三条).
* 受理或转办 (accept): 检举控告 referred by a superior body — ``referral-accept``.
* 异议 (objection): a 转送/交办 item (not a 检举控告) outside the unit's remit —
  ``petition-objection`` (5 工作日) from receipt, owed while it is still 已登记.
* 报送上级 (escalate): restricted 检举控告 — under a superior body's jurisdiction
  ``accusation-escalate`` (5 工作日, 第十五条); about the unit's principal leader
  ``accusation-direct`` (径送: the article sets no 5-day window; the rule's amount is
  local practice).
* 转办件回复 (transfer): ``transfer-reply`` from the transfer.
* 办结 (conclude): 信访 — ``petition-conclude`` from acceptance, one approved extension.
* 反馈 (feedback): named 检举控告 — ``accusation-feedback`` from conclusion (the rule
  exempts repeat reports from 告知 only).
* 复查/复核 (信访工作条例 第三十五、三十六条), 信访 only: the reporter's window to ask
  (``petition-review-request`` from 办结, ``petition-recheck-request`` from the 复查意见)
  is shown but owes the unit nothing (WINDOWS); once a request is recorded the
  opinion is due by ``petition-review`` / ``petition-recheck`` from the request.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlineRule
from deadlines.services import get_rule, register_due_date
from petitions.models import Channel, Kind, Petition, RestrictedReason, Status

NOTIFY_RULES = {
    Kind.ACCUSATION: "accusation-notify",
    Kind.PETITION: "petition-notify",
    Kind.COMPLAINT: "complaint-notify",
}
OPEN_FOR_CONCLUSION = (Status.ACCEPTED, Status.TRANSFERRED, Status.REPLIED, Status.HANDLING)
# 转送、交办: items handed to the unit by another body (信访工作条例 第二十三条).
REFERRED_CHANNELS = (Channel.REFERRAL, Channel.HOTLINE)


def _local_date(value):
    return timezone.localdate(value) if value else None


def notify_rule(p):
    if p.is_restricted or not p.is_named or p.outside_remit:
        return None
    if p.is_repeat and p.kind == Kind.ACCUSATION:  # 检举控告工作规则: 重复检举控告的，不再告知
        return None
    return NOTIFY_RULES.get(p.kind)


def objection_rule(p):
    if p.outside_remit and p.kind != Kind.ACCUSATION and p.channel in REFERRED_CHANNELS and not p.is_restricted:
        return "petition-objection"
    return None


def accept_rule(p):
    if p.kind == Kind.ACCUSATION and p.channel == Channel.REFERRAL and not p.is_restricted:
        return "referral-accept"
    return None


def escalate_rule(p):
    if not p.is_restricted:
        return None
    if p.restricted_reason == RestrictedReason.PRINCIPAL_LEADER:
        return "accusation-direct"  # 径送上一级 (第十五条), no 5-day window
    return "accusation-escalate"


def transfer_rule(p):
    return "transfer-reply" if p.transferred_at else None


def conclude_rule(p):
    return "petition-conclude" if p.kind == Kind.PETITION and not p.is_restricted else None


def feedback_rule(p):
    return "accusation-feedback" if p.kind == Kind.ACCUSATION and p.is_named and not p.is_restricted else None


def _reviewable(p):
    return p.kind == Kind.PETITION and not p.is_restricted


def review_request_rule(p):
    return "petition-review-request" if _reviewable(p) and p.concluded_on else None


def review_rule(p):
    return "petition-review" if _reviewable(p) and p.review_requested_on else None


def recheck_request_rule(p):
    return "petition-recheck-request" if _reviewable(p) and p.review_answered_on else None


def recheck_rule(p):
    return "petition-recheck" if _reviewable(p) and p.recheck_requested_on else None


# field -> (rule for a petition, start date of the period, outstanding while)
BINDINGS = {
    "accept_due": (accept_rule, lambda p: p.received_on, lambda p: p.status == Status.REGISTERED),
    "notify_due": (notify_rule, lambda p: p.received_on, lambda p: p.notified_on is None),
    "escalate_due": (escalate_rule, lambda p: p.received_on, lambda p: p.status != Status.ESCALATED),
    "transfer_due": (transfer_rule, lambda p: _local_date(p.transferred_at), lambda p: p.status == Status.TRANSFERRED),
    "conclude_due": (conclude_rule, lambda p: _local_date(p.accepted_at), lambda p: p.status in OPEN_FOR_CONCLUSION),
    "feedback_due": (feedback_rule, lambda p: p.concluded_on, lambda p: p.feedback_on is None),
    "objection_due": (
        objection_rule,
        lambda p: p.received_on,
        lambda p: p.objection_on is None and p.status == Status.REGISTERED,
    ),
    "review_request_due": (review_request_rule, lambda p: p.concluded_on, lambda p: False),
    "review_due": (review_rule, lambda p: p.review_requested_on, lambda p: p.review_answered_on is None),
    "recheck_request_due": (recheck_request_rule, lambda p: p.review_answered_on, lambda p: False),
    "recheck_due": (recheck_rule, lambda p: p.recheck_requested_on, lambda p: p.recheck_answered_on is None),
}
# The reporter's windows: shown with their basis, never owed by the unit (no light, no reminder).
WINDOWS = {
    "review_request_due": lambda p: p.review_requested_on,
    "recheck_request_due": lambda p: p.recheck_requested_on,
}

# The same "outstanding" conditions as database filters (for recomputation and lists).
OPEN_FILTERS = {
    "accept_due": Q(status=Status.REGISTERED),
    "notify_due": Q(notified_on__isnull=True),
    "escalate_due": ~Q(status=Status.ESCALATED),
    "transfer_due": Q(status=Status.TRANSFERRED),
    "conclude_due": Q(status__in=OPEN_FOR_CONCLUSION),
    "feedback_due": Q(feedback_on__isnull=True),
    "objection_due": Q(objection_on__isnull=True, status=Status.REGISTERED),
    "review_due": Q(review_answered_on__isnull=True),
    "recheck_due": Q(recheck_answered_on__isnull=True),
}
# What recomputation keeps current for the windows (until the request comes).
RECOMPUTE_FILTERS = OPEN_FILTERS | {
    "review_request_due": Q(review_requested_on__isnull=True),
    "recheck_request_due": Q(recheck_requested_on__isnull=True),
}

RULE_CODES = sorted(
    {
        "referral-accept",
        "accusation-escalate",
        "accusation-direct",
        "transfer-reply",
        "petition-conclude",
        "accusation-feedback",
        "petition-objection",
        "petition-review-request",
        "petition-review",
        "petition-recheck-request",
        "petition-recheck",
    }
    | set(NOTIFY_RULES.values())
)


# (calendar, active rules by code, units by code) while ``preloaded`` is in force.
_snapshot: ContextVar[tuple | None] = ContextVar("petition_deadline_snapshot", default=None)


@contextmanager
def preloaded():
    """Within the block, due dates are computed against one snapshot of the work calendar and the
    rules, read once on entry (three queries) instead of four reads per petition: for one
    transaction registering many petitions (the 12345 import). Enter it inside that transaction."""
    token = _snapshot.set((WorkCalendar.load(), active_rules(), rule_units()))
    try:
        yield
    finally:
        _snapshot.reset(token)


def _preloaded(calendar, rules):
    """The calendar and rules given, else those of ``preloaded``'s snapshot when one is in force."""
    snapshot = _snapshot.get()
    if snapshot is None:
        return calendar, rules
    return calendar or snapshot[0], rules if rules is not None else snapshot[1]


def set_due(petition, field, *, calendar=None, rules=None):
    """Compute and store (on the instance) the due date of ``field`` from its rule; None when no rule applies."""
    rule_for, start_of, _ = BINDINGS[field]
    code = rule_for(petition)
    start = start_of(petition)
    if not code or start is None:
        setattr(petition, field, None)
        setattr(petition, f"{field}_warning", "")
        return None
    calendar, rules = _preloaded(calendar, rules)
    rule = (rules or {}).get(code) or get_rule(code)
    due = (calendar or WorkCalendar.load()).add(start, rule.amount, rule.unit)
    setattr(petition, field, due.date)
    setattr(petition, f"{field}_warning", due.warning)
    return due


def active_rules():
    """The petition rules by code (one query), for computing several dates at once."""
    return {r.code: r for r in DeadlineRule.objects.filter(code__in=RULE_CODES, is_active=True)}


def set_dues(petition, fields=BINDINGS, *, calendar=None, rules=None):
    calendar, rules = _preloaded(calendar, rules)
    calendar = calendar or WorkCalendar.load()
    rules = rules if rules is not None else active_rules()
    for field in fields:
        set_due(petition, field, calendar=calendar, rules=rules)


def outstanding(petition):
    """(field, date) of every due date still owed, earliest first."""
    items = [
        (field, getattr(petition, field))
        for field, (_, _, is_open) in BINDINGS.items()
        if getattr(petition, field) is not None and is_open(petition)
    ]
    return sorted(items, key=lambda item: item[1])


def rule_units(codes=None):
    qs = DeadlineRule.objects.all()
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return dict(qs.values_list("code", "unit"))


NEXT_DUE_FIELDS = ("next_due", "next_due_unit")


def refresh_next_due(petition, *, units=None):
    """Keep ``next_due``/``next_due_unit`` equal to the earliest outstanding due date (on the
    instance: the caller saves). Returns the fields it sets."""
    owed = outstanding(petition)
    if not owed:
        petition.next_due, petition.next_due_unit = None, ""
        return NEXT_DUE_FIELDS
    field, date = owed[0]
    code = BINDINGS[field][0](petition)
    if units is None:
        snapshot = _snapshot.get()
        units = snapshot[2] if snapshot is not None else rule_units([code])
    petition.next_due, petition.next_due_unit = date, units.get(code, "")
    return NEXT_DUE_FIELDS


def rule_for_field(petition, field):
    return BINDINGS[field][0](petition)


def register_bindings():
    """Let rule or calendar changes recompute open petitions' stored dates (called from ready())."""
    for field, (rule_for, start_of, _) in BINDINGS.items():
        register_due_date(
            Petition,
            date_field=field,
            rule_code=rule_for,
            start=start_of,
            open_filter=RECOMPUTE_FILTERS[field] & Q(**{f"{field}__isnull": False}),
            manual_field="conclude_due_manual" if field == "conclude_due" else None,
            warning_field=f"{field}_warning",
            on_date_change=refresh_next_due,
        )


def _done_on(petition, field):
    done = {
        "accept_due": petition.accepted_at or petition.rejected_at or petition.escalated_at,
        "notify_due": petition.notified_on,
        "escalate_due": petition.escalated_at,
        "transfer_due": petition.replied_at,
        "conclude_due": petition.concluded_on,
        "feedback_due": petition.feedback_on,
        "objection_due": petition.objection_on,
        "review_request_due": petition.review_requested_on,
        "review_due": petition.review_answered_on,
        "recheck_request_due": petition.recheck_requested_on,
        "recheck_due": petition.recheck_answered_on,
    }[field]
    return _local_date(done) if hasattr(done, "tzinfo") else done


def deadline_rows(petition, rules):
    """Each stored due date with its rule, legal basis and whether it is still owed (for display)."""
    rows = []
    for field, (rule_for, _, is_open) in BINDINGS.items():
        due = getattr(petition, field)
        if due is None:
            continue
        code = rule_for(petition)
        rule = rules.get(code)
        rows.append(
            {
                "key": field,
                "label": str(Petition._meta.get_field(field).verbose_name),
                "rule": code or "",
                "rule_name": rule.name if rule else "",
                "period": rule.period_text if rule else "",
                "legal_basis": rule.legal_basis if rule else "",
                "due_date": due,
                "original_due_date": petition.conclude_due_original if field == "conclude_due" else None,
                "warning": getattr(petition, f"{field}_warning"),
                "outstanding": is_open(petition),
                "done_on": _done_on(petition, field),
                # a reporter's window (请求复查/复核): informative, owed by the reporter
                "window": field in WINDOWS,
            }
        )
    return rows
