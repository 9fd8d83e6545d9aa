"""What is still open in 巡察整改: the one definition the reminders, the dashboard and the report read.

A measure is *current* while neither it, its problem nor its round is archived; *unfinished* while
current and neither signed off nor closed as 长期坚持 (the dashboard's and the report's "还在整改");
*open* while unfinished and owing a due date (the reminders': 长期坚持 by its deadline is never
due). Each comes as a filter (to add to a visible queryset) and as a base queryset, unscoped —
callers that show rows start from a ``*_visible_to`` selector and filter.
"""

from django.db.models import Q, QuerySet

from rectification.models import InspectionRound, Measure
from rectification.models.measures import DONE_STATUSES, LONG_TERM_Q

CURRENT_Q = Q(archived_at__isnull=True, problem__archived_at__isnull=True, problem__round__archived_at__isnull=True)
UNFINISHED_Q = CURRENT_Q & ~Q(status__in=DONE_STATUSES)
OPEN_Q = UNFINISHED_Q & ~LONG_TERM_Q

# A round's 整改方案 and two reports, by due-date field: the field that records the report as submitted.
ROUND_REPORTS = {
    "plan_due_date": "plan_submitted_on",
    "report_due_date": "report_submitted_on",
    "leader_report_due_date": "leader_report_submitted_on",
}


def current_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(CURRENT_Q)


def unfinished_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(UNFINISHED_Q)


def open_measures() -> QuerySet[Measure]:
    """Unfinished measures that owe their due date (长期坚持 — by its deadline or by a long-term
    sign-off — is never due)."""
    return Measure.objects.filter(OPEN_Q)


def open_rounds(*, due: str) -> QuerySet[InspectionRound]:
    """Rounds whose report of due-date field ``due`` (see ``ROUND_REPORTS``) is not submitted yet."""
    return InspectionRound.objects.filter(archived_at__isnull=True, **{f"{ROUND_REPORTS[due]}__isnull": True})
