"""Catching up a missed scan: today's scan runs late rather than not at all.

The beat schedule of the daily scan is data (django_celery_beat, editable in admin), so
whether today's run was due is read from it, judged at the given moment.
"""

import datetime as dt
import logging

from django.utils import timezone

from reminders.models import ScanRun
from reminders.scan import run_scan

logger = logging.getLogger(__name__)

SCAN_TASK = "reminders.tasks.daily_scan_task"


def scan_time_passed(now: dt.datetime) -> bool:
    """True when the beat schedule of the daily scan had a run due since midnight today."""
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.filter(task=SCAN_TASK, enabled=True, crontab__isnull=False).select_related("crontab")
    task = task.first()
    if task is None:
        return False
    local = timezone.localtime(now)
    midnight = timezone.make_aware(dt.datetime.combine(local.date(), dt.time.min)) - dt.timedelta(microseconds=1)
    schedule = task.crontab.schedule
    schedule.nowfun = lambda: now.astimezone(schedule.tz)  # judge at ``now``, not at the clock
    return bool(schedule.is_due(midnight)[0])


def catch_up_scan(*, now: dt.datetime):
    """Run today's scan if beat never got it to a worker (e.g. the broker was down then)."""
    today = timezone.localdate(now)
    if ScanRun.objects.filter(for_date=today).exists() or not scan_time_passed(now):
        return None
    logger.warning("no reminder scan recorded for %s after its scheduled time: running it now", today)
    return run_scan(today, trigger="sweeper")
