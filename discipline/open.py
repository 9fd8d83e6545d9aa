"""What is still open in 问题线索 and 纪律检查建议书: the one definition the reminders (and
anyone else) read.

A clue has several due dates, each open under its own condition (``CLUE_OPEN_FILTERS``, the
twin of ``Clue.open_due_dates``). Each function returns the base queryset, unscoped — callers
that show rows start from a ``*_visible_to`` selector and intersect.
"""

from django.db.models import QuerySet

from discipline.models import CLUE_OPEN_FILTERS, Clue, Recommendation


def open_clues(*, kind: str) -> QuerySet[Clue]:
    """Clues whose due date of ``kind`` (a ``Clue.DueKind``) is still running; none archived."""
    return Clue.objects.filter(CLUE_OPEN_FILTERS[kind])


def open_recommendations() -> QuerySet[Recommendation]:
    """建议书 issued and not yet replied to, not archived."""
    return Recommendation.objects.filter(status=Recommendation.Status.ISSUED, archived_at__isnull=True)
