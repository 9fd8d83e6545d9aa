"""Times and days relative to now in the unit's zone, for the 补录 tests (they pass on any date)."""

import datetime as dt

from django.utils import timezone


def ago(days, hour=10):
    """``days`` ago at ``hour`` o'clock, local time (always in the past for days ≥ 1)."""
    moment = timezone.localtime() - dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def day(days):
    """The local day ``days`` ago."""
    return timezone.localdate() - dt.timedelta(days=days)
