"""The outbox drains its queue in batches: thousands of new digests go out in one run.

(Issue 11: the sender stopped after 500 digests per sweep and cost several queries per
digest, so 3,000 new digests took an hour at the default sweep interval.)
"""

import datetime as dt
import uuid

import pytest
from django.core import mail

from organization.models import Person
from reminders.delivery import outbox, sweeper
from reminders.models import OutboxItem, OutboxMessage, Reminder, ScanRun, Stage
from tests.reminders.conftest import at

MONDAY = dt.date(2026, 6, 15)
MORNING = at(MONDAY, 9, 0)  # inside the sending window


@pytest.fixture(autouse=True)
def _email_only(settings):
    settings.REMINDER_CHANNELS = ["email"]
    settings.OUTBOX_BATCH_SIZE = 200


def _pending_digests(n: int) -> None:
    """n people with one reminder each, each in a pending digest due now (bulk, as a scan leaves them)."""
    people = Person.objects.bulk_create(
        [Person(name=f"收件人{i}", email=f"p{i}@example.cn") for i in range(n)], batch_size=500
    )
    batch = uuid.uuid4()
    # A kind no engine source is registered for: the sender keeps what the scan decided.
    reminders = Reminder.objects.bulk_create(
        [
            Reminder(
                source="test.bulk",
                object_id=i,
                due_date=MONDAY,
                stage=Stage.DUE,
                recipient=person,
                subject=f"事项{i}",
                text=f"第{i}号事项今日到期",
                scan_date=MONDAY,
                batch=batch,
            )
            for i, person in enumerate(people)
        ],
        batch_size=500,
    )
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(channel="email", recipient=person, digest_date=MONDAY, not_before=at(MONDAY, 8, 30))
            for person in people
        ],
        batch_size=500,
    )
    OutboxItem.objects.bulk_create(
        [OutboxItem(message=m, reminder=r) for m, r in zip(messages, reminders, strict=True)], batch_size=500
    )
    ScanRun.objects.create(for_date=MONDAY, trigger="test")  # today's scan happened: the sweep only sends


@pytest.mark.django_db
def test_one_sweep_sends_3000_new_digests_with_queries_per_batch_not_per_digest(django_assert_max_num_queries):
    _pending_digests(3000)
    # 15 batches of 200; each: select + claim UPDATE + read back, items, reminders, addresses,
    # and the bulk UPDATE of the sent rows (split by the database's parameter limit: at most
    # 4 statements on SQLite); plus the final empty selection and the sweep's own checks.
    # One query per digest would be 3,000 or more.
    with django_assert_max_num_queries(15 * 10 + 10):
        stats = sweeper.sweep(now=MORNING)
    assert stats["sent"] == 3000
    assert len(mail.outbox) == 3000
    assert len({m.to[0] for m in mail.outbox}) == 3000
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    sample = OutboxMessage.objects.get(recipient__email="p1234@example.cn")
    assert sample.address == "p1234@example.cn"
    assert "第1234号事项今日到期" in sample.body and sample.sent_at is not None


@pytest.mark.django_db
def test_a_run_stops_at_its_cap_and_the_next_run_sends_the_rest(settings):
    settings.OUTBOX_MAX_PER_RUN = 500
    _pending_digests(700)
    assert outbox.send_due(now=MORNING)["sent"] == 500
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 200
    assert outbox.send_due(now=MORNING + dt.timedelta(minutes=5))["sent"] == 200
    assert len(mail.outbox) == 700


@pytest.mark.django_db
def test_a_digest_another_sender_took_is_not_sent_again():
    _pending_digests(3)
    taken = OutboxMessage.objects.order_by("id").first()
    OutboxMessage.objects.filter(pk=taken.pk).update(status=OutboxMessage.Status.SENDING, claimed_at=MORNING)
    stats = outbox.send_due(now=MORNING)
    assert stats["sent"] == 2
    assert taken.recipient.email not in {m.to[0] for m in mail.outbox}
