"""A freshly seeded database gives reminders of every kind and every stage on the day it
was seeded."""

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from reminders.models import Reminder, Stage
from reminders.scan import run_scan
from reminders.sources import registered_sources
from reminders.workflow import SOURCE_PREFIX


@pytest.mark.django_db
def test_seed_demo_then_a_scan_reminds_of_every_kind():
    # Seed and scan on one day: begun at 23:59, the minute the seed takes would otherwise carry
    # the scan into the next day, where "due today" is already overdue.
    with time_machine.travel(timezone.now(), tick=False):
        _seed_and_scan_twice()


def _seed_and_scan_twice():
    call_command("seed_demo")
    # the demo's workflow steps told the next actors at once (reminders.workflow): not the scan's
    workflow = Reminder.objects.filter(source__startswith=SOURCE_PREFIX)
    told = workflow.count()
    result = run_scan()
    kinds = {source.key for source in registered_sources()}
    scanned = Reminder.objects.exclude(source__startswith=SOURCE_PREFIX)
    assert set(scanned.values_list("source", flat=True)) == kinds
    assert set(scanned.values_list("stage", flat=True)) == set(Stage.values)
    assert result.created == scanned.count() and workflow.count() == told
    # a second seed the same day adds nothing, and a second scan creates nothing
    call_command("seed_demo")
    assert run_scan().created == 0
