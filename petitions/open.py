"""What is still open in 信访举报: the one definition the reminders (and anyone else) read.

A petition has several due dates, each open under its own condition (the filter the
recomputation keeps current, ``petitions.deadlines.OPEN_FILTERS``); an archived petition
owes none. Each function returns the base queryset, unscoped — callers that show rows start
from a ``*_visible_to`` selector and intersect.
"""

from django.db.models import Q, QuerySet

from petitions.deadlines import OPEN_FILTERS
from petitions.models import Petition

# Owing any due date: ``next_due`` is the earliest of the open ones (the services keep it).
PENDING_Q = Q(next_due__isnull=False, archived_at__isnull=True)
TRANSFER_OPEN_Q = OPEN_FILTERS["transfer_due"] & Q(archived_at__isnull=True)


def pending_petitions() -> QuerySet[Petition]:
    """Petitions still owing one of their due dates (the dashboard's 待办信访件)."""
    return Petition.objects.filter(PENDING_Q)


def open_petitions(*, due: str) -> QuerySet[Petition]:
    """Petitions still owing the due date ``due`` (a field such as ``"conclude_due"``)."""
    return Petition.objects.filter(OPEN_FILTERS[due], archived_at__isnull=True)


def open_transfers() -> QuerySet[Petition]:
    """转办件 the department has not replied to yet."""
    return Petition.objects.filter(TRANSFER_OPEN_Q)
