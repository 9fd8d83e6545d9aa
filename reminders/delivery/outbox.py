"""The outbox: digests are rows written in the scan's transaction, sent afterwards.

* ``enqueue_digests`` (inside the scan's transaction) attaches each new reminder to its
  recipient's pending digest of the day, one per channel — a person with twelve items
  gets one mail. If that day's digest has already gone out, the new items wait for the
  next day's, so nobody gets two digests on one day.
* ``send_due`` claims pending rows a batch at a time (an UPDATE … WHERE status='pending'
  after a ``FOR UPDATE SKIP LOCKED`` selection, so two senders never send the same row),
  renders and sends them, and marks them sent, until the queue is empty or the run's
  cap (a count and a time, both settings) is reached; a failure leaves the row pending
  with a back-off, up to ``MAX_ATTEMPTS``.
* Rows left behind (a broker outage, a crashed sender) are the sweeper's
  (``delivery.sweeper``). A broker outage or a crash delays mail; it never loses it.
* Nothing is sent outside working hours on working days (``delivery.window``).

The send task is queued by its name, so this module never imports ``reminders.tasks``
(which imports it): the tasks are the top of the import graph.
"""

import contextlib
import datetime as dt
import logging
import time
import uuid
from collections import Counter, defaultdict

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from organization.models import Person
from reminders import wording
from reminders.bulk import insert_ignoring_conflicts
from reminders.delivery.channels import enabled_channels
from reminders.delivery.window import in_window, next_send_time
from reminders.models import DeliverySettings, OutboxItem, OutboxMessage, Reminder
from reminders.sources import get_source

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_AFTER = dt.timedelta(minutes=10)
SEND_TASK = "reminders.tasks.send_outbox_task"


def enqueue_digests(*, batch, created: list[dict], today: dt.date) -> int:
    """Attach this batch's reminders to pending digests; returns the number of digests touched."""
    channels = enabled_channels()
    by_person = defaultdict(list)
    for reminder in created:
        if reminder["use_channels"]:
            by_person[reminder["recipient_id"]].append(reminder["id"])
    if not channels or not by_person:
        return 0
    batch_people = Reminder.objects.filter(batch=batch, use_channels=True).values("recipient_id")
    fields = sorted({name for channel in channels for name in channel.address_fields})
    people = {
        row["id"]: row
        for row in Person.objects.filter(id__in=Subquery(batch_people), is_active=True).values("id", *fields)
    }
    now = timezone.now()
    delivery, calendar = DeliverySettings.load(), WorkCalendar.load()
    send_at = next_send_time(now, settings=delivery, calendar=calendar)
    next_day = today + dt.timedelta(days=1)
    next_day_start = timezone.make_aware(dt.datetime.combine(next_day, dt.time.min))
    next_day_at = next_send_time(max(now, next_day_start), settings=delivery, calendar=calendar)
    touched = 0
    for channel in channels:
        addressed = {pid for pid, values in people.items() if channel.address(values)}
        if not addressed:
            continue
        messages = _pending(channel.code, addressed, today, send_at, batch_people)
        late = addressed - messages.keys()
        if late:  # today's digest already went out: these items wait for tomorrow's
            messages.update(_pending(channel.code, late, next_day, next_day_at, batch_people))
        lost = addressed - messages.keys()
        if lost:
            logger.warning("no pending %s digest for people %s; in-app notifications only", channel.code, lost)
        items = [
            {"message_id": messages[pid], "reminder_id": rid}
            for pid in sorted(addressed)
            if pid in messages
            for rid in by_person[pid]
        ]
        insert_ignoring_conflicts(OutboxItem, items)
        touched += len(messages)
    return touched


def _pending(channel_code, people, day, not_before, batch_people) -> dict[int, int]:
    insert_ignoring_conflicts(
        OutboxMessage,
        [
            {"channel": channel_code, "recipient_id": p, "digest_date": day, "not_before": not_before}
            for p in sorted(people)  # same order in concurrent scans: no deadlock
        ],
    )
    # Locked until the scan commits, so a sender cannot claim a digest while items are
    # still being added to it (senders skip it; the send task queued after commit sends it).
    rows = OutboxMessage.objects.select_for_update().filter(
        channel=channel_code, digest_date=day, status=OutboxMessage.Status.PENDING
    )
    if connection.vendor == "postgresql":
        # The rows were inserted a moment ago, so the planner's statistics know none of
        # them: a semi-join on the batch's reminders ran as a nested loop rescanning them
        # per digest (51 s for 20,000 recipients). One array literal of the ids is filtered
        # by hashing instead (~0.1 s), whatever the statistics say.
        rows = rows.filter(RawSQL("recipient_id = ANY(%s)", (sorted(people),), output_field=BooleanField()))
    else:  # SQLite materialises an IN subquery once
        rows = rows.filter(recipient_id__in=Subquery(batch_people))
    rows = rows.values_list("recipient_id", "id")
    return {person: message for person, message in rows if person in people}


def queue_send_after_commit():
    transaction.on_commit(_queue_send)


def _queue_send():
    try:
        current_app.send_task(SEND_TASK)
    except Exception:  # any broker failure: the rows are safe in the outbox, the sweeper sends them
        logger.warning("could not queue the outbox task; the sweeper will send the pending digests", exc_info=True)


# -- sending ------------------------------------------------------------------------------------


def send_due(*, now: dt.datetime | None = None, limit: int | None = None) -> Counter:
    """Send pending digests that are due, batch after batch, until none is left.

    A run is bounded by ``OUTBOX_MAX_PER_RUN`` messages (``limit``) and
    ``OUTBOX_MAX_SECONDS`` seconds, so one sweep cannot hold a worker forever; what is
    left waits for the next run. Each batch costs the same few queries however many
    digests it holds (claim, items, reminders, one per source, addresses, the updates).
    """
    now = now or timezone.now()
    stats = Counter()
    if not in_window(now):
        stats["deferred"] = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()
        return stats
    limit = settings.OUTBOX_MAX_PER_RUN if limit is None else limit
    stop_at = time.monotonic() + settings.OUTBOX_MAX_SECONDS
    channels = {channel.code: channel for channel in enabled_channels()}
    handled = 0
    while handled < limit and time.monotonic() < stop_at:
        selected, messages = _claim(now, min(settings.OUTBOX_BATCH_SIZE, limit - handled))
        if not selected:
            break
        handled += selected
        stats["skipped"] += selected - len(messages)  # another sender claimed them first
        stats.update(_send_batch(messages, now, channels))
    if not stats["skipped"]:
        del stats["skipped"]
    return stats


def _claim(now: dt.datetime, size: int) -> tuple[int, list[OutboxMessage]]:
    """Mark up to ``size`` due digests as ours; returns how many were selected and the claimed rows.

    On PostgreSQL the selection skips rows another sender (or a scan still adding items)
    holds locked, so concurrent senders take disjoint batches; the partial index
    ``outbox_pending_due`` serves it. Elsewhere the UPDATE's status condition decides, and
    a row someone else took is simply not ours. Rows are recognised by a fresh claim token.
    """
    token = uuid.uuid4()
    due = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, not_before__lte=now).order_by(
        "not_before", "id"
    )
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else contextlib.nullcontext():
        if locking:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:size])
        if ids:
            OutboxMessage.objects.filter(pk__in=ids, status=OutboxMessage.Status.PENDING).update(
                status=OutboxMessage.Status.SENDING, claimed_at=now, claim=token, attempts=F("attempts") + 1
            )
    if not ids:
        return 0, []
    return len(ids), list(OutboxMessage.objects.filter(claim=token).select_related("recipient").order_by("id"))


def _send_batch(messages: list[OutboxMessage], now: dt.datetime, channels: dict) -> Counter:
    stats = Counter()
    ids = [m.pk for m in messages]
    items = defaultdict(list)
    for message_id, reminder_id in OutboxItem.objects.filter(message_id__in=ids).values_list(
        "message_id", "reminder_id"
    ):
        items[message_id].append(reminder_id)
    reminders = {
        r.pk: r
        for r in _still_open(
            list(Reminder.objects.filter(pk__in=OutboxItem.objects.filter(message_id__in=ids).values("reminder_id")))
        )
    }
    fields = sorted({name for channel in channels.values() for name in channel.address_fields})
    people = {
        row["id"]: row for row in Person.objects.filter(pk__in={m.recipient_id for m in messages}).values("id", *fields)
    }
    done = []
    for message in messages:
        outcome = _send_one(message, [reminders[r] for r in items[message.pk] if r in reminders], people, now, channels)
        stats[outcome] += 1
        if outcome in ("sent", "closed"):
            done.append(message)
    # One UPDATE per batch for the usual outcome (the rare failures were written one by one).
    OutboxMessage.objects.bulk_update(
        done, ["status", "sent_at", "address", "subject", "body", "last_error"], batch_size=settings.OUTBOX_BATCH_SIZE
    )
    return stats


def _send_one(message: OutboxMessage, reminders: list, people: dict, now: dt.datetime, channels: dict) -> str:
    channel = channels.get(message.channel)
    if channel is None:
        _finish(message, status=OutboxMessage.Status.FAILED, last_error=f"渠道“{message.channel}”未启用")
        return "failed"
    if not reminders:  # every item closed since the scan: nothing left to say
        message.status, message.sent_at, message.last_error = (
            OutboxMessage.Status.SENT,
            timezone.now(),
            "事项均已办结，未发送",
        )
        return "closed"
    address = channel.address(people.get(message.recipient_id, {}))
    if not address:
        _finish(message, status=OutboxMessage.Status.FAILED, last_error="接收人没有该渠道的联系地址")
        return "failed"
    subject = wording.digest_subject(day=message.digest_date, count=len(reminders))
    body = wording.digest_body(name=message.recipient.name, day=message.digest_date, reminders=reminders)
    try:
        channel.send(address=address, subject=subject, body=body)
    except Exception as exc:  # whatever the channel raised: keep the row and retry later
        logger.warning("sending outbox message %s failed (attempt %s)", message.pk, message.attempts, exc_info=True)
        final = message.attempts >= MAX_ATTEMPTS
        _finish(
            message,
            status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.PENDING,
            last_error=str(exc)[:500] or exc.__class__.__name__,
            not_before=now + RETRY_AFTER * message.attempts,
        )
        return "failed" if final else "retry"
    message.status, message.sent_at, message.last_error = OutboxMessage.Status.SENT, timezone.now(), ""
    message.address, message.subject, message.body = address, subject, body
    return "sent"


def _still_open(reminders):
    """Drop reminders of items closed since the scan (one query per kind in the digest)."""
    by_source = defaultdict(set)
    for reminder in reminders:
        by_source[reminder.source].add(reminder.object_id)
    open_ids = {}
    for key, ids in by_source.items():
        source = get_source(key)
        if source is None:  # a kind no longer registered: keep what the scan decided
            open_ids[key] = ids
        else:
            open_ids[key] = set(source.open_items().filter(pk__in=ids).values_list("pk", flat=True))
    return [r for r in reminders if r.object_id in open_ids[r.source]]


def _finish(message, **fields):
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(**fields)
