"""Quiet hours: external messages go out only on working days (official calendar, 调休
included) between the configured start and end times; otherwise they wait for the next
working morning."""

import datetime as dt

from django.utils import timezone

from deadlines.calendar import WorkCalendar
from reminders.models import DeliverySettings

# A run of days off longer than this would mean a broken calendar; stop looking.
_MAX_DAYS_AHEAD = 60


def in_window(moment: dt.datetime, *, settings=None, calendar=None) -> bool:
    settings = settings or DeliverySettings.load()
    calendar = calendar or WorkCalendar.load()
    local = timezone.localtime(moment)
    return calendar.is_workday(local.date()) and settings.mail_start <= local.time() < settings.mail_end


def next_send_time(moment: dt.datetime, *, settings=None, calendar=None) -> dt.datetime:
    """``moment`` itself when inside the window, else the start of the next working window."""
    settings = settings or DeliverySettings.load()
    calendar = calendar or WorkCalendar.load()
    local = timezone.localtime(moment)
    if in_window(local, settings=settings, calendar=calendar):
        return moment
    day = local.date() if local.time() < settings.mail_start else local.date() + dt.timedelta(days=1)
    for _ in range(_MAX_DAYS_AHEAD):
        if calendar.is_workday(day):
            break
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, settings.mail_start))
