"""What is still open in 巡察整改: the one definition the reminders (and anyone else) read.

Open means the item still owes its due date: not archived and not yet done. Each function
returns the base queryset, unscoped — callers that show rows start from a ``*_visible_to``
selector and intersect.
"""

from django.db.models import QuerySet

from rectification.models import InspectionRound, Measure
from rectification.models.measures import CLOSED_Q, LONG_TERM_Q

# A round's two reports, by due-date field: the field that records the report as submitted.
ROUND_REPORTS = {
    "report_due_date": "report_submitted_on",
    "leader_report_due_date": "leader_report_submitted_on",
}


def open_measures() -> QuerySet[Measure]:
    """Measures not archived and not signed off. 长期坚持 — by its deadline or by a long-term
    sign-off — is never due, so it is not open in this sense either."""
    return Measure.objects.filter(archived_at__isnull=True).exclude(CLOSED_Q).exclude(LONG_TERM_Q)


def open_rounds(*, due: str) -> QuerySet[InspectionRound]:
    """Rounds whose report of due-date field ``due`` (see ``ROUND_REPORTS``) is not submitted yet."""
    return InspectionRound.objects.filter(archived_at__isnull=True, **{f"{ROUND_REPORTS[due]}__isnull": True})
