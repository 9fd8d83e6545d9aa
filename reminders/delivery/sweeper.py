"""The sweeper (every few minutes from beat): what the outbox left behind is sent.

It catches up a scan that did not happen today (the broker was down at the scheduled
hour), returns rows stuck in "sending" by a crashed worker to the queue, and sends what
is due. (A crash after the mail server accepted a message but before the row was marked
sent can repeat that one digest: at-least-once, like any outbox.)
"""

import datetime as dt
from collections import Counter

from django.utils import timezone

from reminders.catch_up import catch_up_scan
from reminders.delivery.outbox import send_due
from reminders.models import OutboxMessage

STALE_SENDING = dt.timedelta(minutes=15)


def reclaim_stale(*, now: dt.datetime) -> int:
    """Rows a crashed sender left in "sending" go back to the queue."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_SENDING).update(
        status=OutboxMessage.Status.PENDING
    )


def sweep(*, now: dt.datetime | None = None) -> Counter:
    now = now or timezone.now()
    stats = Counter()
    result = catch_up_scan(now=now)
    if result is not None:
        stats["catch_up_created"] = result.created
    stats["reclaimed"] = reclaim_stale(now=now)
    stats.update(send_due(now=now))
    return stats
