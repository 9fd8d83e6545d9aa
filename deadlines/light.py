"""The traffic light (亮灯), derived from stored due dates — never set by hand.

grey: closed; none: no running deadline (for a measure: 长期坚持, its only kind without an
end date); red: overdue; yellow: inside the warning window (the same ``DeadlinePolicy``
setting that starts the yellow reminder); green: otherwise. Working-day rules use the
working-day window. ``light_q`` expresses the same rule as a database filter so lists can
filter on it.

"长期坚持" is a measure's word: a petition, clue or letter without a due date has no light
and is never called 长期坚持 (``Light.NONE`` reads 无期限; ``MEASURE_LIGHT_CHOICES`` and
``LONG_TERM`` carry the measures' wording).
"""

import datetime as dt
from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlinePolicy, Unit


class Light(models.TextChoices):
    GREY = "grey", "已办结"
    NONE = "none", "无期限"
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


LONG_TERM_LABEL = "长期坚持"
# The measures' filter choices: their only light without a deadline is 长期坚持.
MEASURE_LIGHT_CHOICES = [(value, LONG_TERM_LABEL if value == Light.NONE else label) for value, label in Light.choices]


class LightValue(str):
    """A light value (equal to its plain string, so filters, JSON and templates read it alike)
    that knows it is a 长期坚持 measure's: the one ``none`` that is shown, with that word."""

    long_term = True


LONG_TERM = LightValue(Light.NONE.value)


def yellow_boundary(today: dt.date, *, unit: str = Unit.DAY, policy=None, calendar=None) -> dt.date:
    """The last due date that is yellow today (due dates after it are green)."""
    policy = policy or DeadlinePolicy.load()
    if unit == Unit.WORKDAY:
        return (calendar or WorkCalendar.load()).add_workdays(today, policy.short_warning_workdays).date
    return today + dt.timedelta(days=policy.warning_days)


def light_for(
    due_date,
    *,
    today: dt.date,
    closed=False,
    long_term=False,
    boundary: dt.date | None = None,
    unit: str = Unit.DAY,
    policy=None,
) -> str:
    if closed:
        return Light.GREY
    if long_term:
        return LONG_TERM
    if due_date is None:
        return Light.NONE
    if due_date < today:
        return Light.RED
    if boundary is None:
        boundary = yellow_boundary(today, unit=unit, policy=policy)
    if due_date <= boundary:
        return Light.YELLOW
    return Light.GREEN


def light_q(
    light: str, *, field: str, today: dt.date, boundary: dt.date, closed_q: Q, long_term_q: Q | None = None
) -> Q:
    """A filter for items of the given light; ``closed_q`` selects closed items."""
    open_q = ~closed_q
    if long_term_q is not None:
        open_dated = open_q & ~long_term_q & Q(**{f"{field}__isnull": False})
    else:
        open_dated = open_q & Q(**{f"{field}__isnull": False})
    if light == Light.GREY:
        return closed_q
    if light == Light.NONE:
        none_q = Q(**{f"{field}__isnull": True})
        if long_term_q is not None:
            none_q |= long_term_q
        return open_q & none_q
    if light == Light.RED:
        return open_dated & Q(**{f"{field}__lt": today})
    if light == Light.YELLOW:
        return open_dated & Q(**{f"{field}__gte": today, f"{field}__lte": boundary})
    if light == Light.GREEN:
        return open_dated & Q(**{f"{field}__gt": boundary})
    raise ValueError(light)


class LightContext:
    """Today and, per unit, the last due date that is yellow today: the policy read once, the
    holiday calendar once when a working-day rule asks. Each app's context builds on this one."""

    def __init__(self, today=None, *, policy=None, calendar=None):
        self.today = today or timezone.localdate()
        self._policy = policy or DeadlinePolicy.load()
        self._calendar = calendar
        self.day_boundary = yellow_boundary(self.today, unit=Unit.DAY, policy=self._policy)

    @cached_property
    def workday_boundary(self) -> dt.date:
        calendar = self._calendar or WorkCalendar.load()
        return yellow_boundary(self.today, unit=Unit.WORKDAY, policy=self._policy, calendar=calendar)

    def yellow_until(self, unit=Unit.DAY) -> dt.date:
        return self.workday_boundary if unit == Unit.WORKDAY else self.day_boundary
