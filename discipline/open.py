"""What is still open in 问题线索 and 纪律检查建议书: the one definition the reminders (and
anyone else) read.

A clue has several due dates, each open under its own condition (``CLUE_OPEN_FILTERS``, the
twin of ``Clue.open_due_dates``). Each function returns the base queryset, unscoped — callers
that show rows start from a ``*_visible_to`` selector and intersect.
"""

from django.db.models import Q, QuerySet

from discipline.models import CLUE_OPEN_FILTERS, Clue, Recommendation

# In handling (the dashboard's 办理中): not archived and not closed. A closed clue may still owe
# its quarterly feedback to the 信访 office — open for that due date (``open_clues``), not in handling.
IN_HANDLING_Q = Q(archived_at__isnull=True) & ~Q(status__in=Clue.CLOSED)
RECOMMENDATION_OPEN_Q = Q(status=Recommendation.Status.ISSUED, archived_at__isnull=True)


def clues_in_handling() -> QuerySet[Clue]:
    return Clue.objects.filter(IN_HANDLING_Q)


def open_clues(*, kind: str) -> QuerySet[Clue]:
    """Clues whose due date of ``kind`` (a ``Clue.DueKind``) is still running; none archived."""
    return Clue.objects.filter(CLUE_OPEN_FILTERS[kind])


def open_recommendations() -> QuerySet[Recommendation]:
    """建议书 issued and not yet replied to, not archived."""
    return Recommendation.objects.filter(RECOMMENDATION_OPEN_Q)
