"""Celery tasks: thin wrappers over plain functions (callable without Celery).

All three are safe to run twice: the scan cannot make a second reminder (unique
constraint), and a digest is claimed by one sender only. Nothing imports this module
but Celery (the outbox queues the send task by name): it imports the rest.
"""

from celery import shared_task

from reminders.delivery.outbox import send_due
from reminders.delivery.sweeper import sweep
from reminders.scan import run_scan


@shared_task(name="reminders.tasks.daily_scan_task")
def daily_scan_task():
    result = run_scan(trigger="beat")
    return {"created": result.created}


@shared_task(name="reminders.tasks.send_outbox_task")
def send_outbox_task():
    return dict(send_due())


@shared_task(name="reminders.tasks.sweep_outbox_task")
def sweep_outbox_task():
    return dict(sweep())
