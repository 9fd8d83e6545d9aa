"""No double under two scans racing: two threads, each with its own database connection,
plan the same reminders and are released together into the write.

The planning of both scans happens before either writes (they meet at a barrier on the way
into the scan's ``write_plan``), so only the unique constraint can stop the second insert:
with the constraint dropped this test fails (checked by hand: doubles appear).
"""

import datetime as dt
import threading

import pytest
from django.db import connection

from reminders import scan as scan_module
from reminders.models import Notification, OutboxItem, OutboxMessage, Reminder
from tests.reminders.conftest import at

DUE = dt.date(2026, 6, 16)


@pytest.mark.concurrency
# serialized_rollback: restores the rows data migrations seeded (the ladder, the beat
# schedule, deadline rules) that a transactional test's flush removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_racing_create_each_reminder_once(source, ladder, make_item, monkeypatch, time_machine):
    # Given three items overdue today (4 recipients each) and two scans about to run
    for _ in range(3):
        make_item(DUE - dt.timedelta(days=1))
    time_machine.move_to(at(DUE, 9, 0), tick=True)
    barrier = threading.Barrier(2, timeout=30)
    planned, created, errors = [], [], []

    write_plan = scan_module.write_plan

    def meet_then_write(plan, **kwargs):
        planned.append(len(plan.reminders))
        barrier.wait()  # both have planned; release both writes together
        return write_plan(plan, **kwargs)

    monkeypatch.setattr(scan_module, "write_plan", meet_then_write)
    # These commits are real: keep the send task off whatever broker the settings name.
    monkeypatch.setattr("reminders.delivery.outbox._queue_send", lambda: None)

    def worker():
        try:
            created.append(scan_module.run_scan(DUE, trigger="race").created)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Then both planned all 12, together they created 12, and nothing exists twice
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)
    assert planned == [12, 12]
    assert sorted(created) == [0, 12]
    assert Reminder.objects.count() == 12
    assert Notification.objects.count() == 12
    assert OutboxMessage.objects.count() == 4  # one digest per person
    assert OutboxItem.objects.count() == 12
