"""Counting periods in 工作日, 日 and 月 (DOMAIN.md §3).

* 工作日: the official calendar with 调休; the start day is not counted. Data comes
  from an admin-entered year (authoritative when present), else from PyPI
  ``chinese-calendar`` for the years it ships, else an estimate with a warning: Monday–Friday
  less the statutory holidays of the 全国年节及纪念日放假办法 (2024 text: 元旦 1, 春节 4 from
  除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), placed on the lunar calendar and solar terms
  by PyPI ``holidays`` (its China calendar, ``observed=False``), without the 调休 swaps that only
  the State Council's notice fixes.
  The stepping is our own: the library's ``find_workday`` is off by one when it
  starts from a non-working day.
* 日: 民法典 第二百零一条 (start day not counted) and 第二百零三条 (a last day that is
  a day off moves to the next working day; a 调休 working Saturday is not a day off).
* 月: 民法典 第二百零二条 (same-numbered day of the final month, or its last day),
  then the day-off rule above.

Every result is a ``Due`` carrying a warning when any day it depended on came from
the estimate, so the UI can say the date is an estimate — never an
exception.
"""

import bisect
import calendar as _stdcal
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
import holidays

from deadlines.models import CalendarDay, CalendarYear, Unit

LIBRARY_FIRST_YEAR = min(chinese_calendar.holidays).year
LIBRARY_LAST_YEAR = max(chinese_calendar.holidays).year


@dataclass(frozen=True)
class Due:
    date: dt.date
    warning: str = ""

    @property
    def is_estimate(self) -> bool:
        return bool(self.warning)


def fallback_warning(years) -> str:
    if not years:  # the common case, once per due date: no estimate involved
        return ""
    years = sorted(set(years))
    listed = "、".join(f"{y}年" for y in years)
    return f"{listed}节假日安排尚未录入，期限按法定节假日估算（未计调休），请以正式安排为准"


@lru_cache(maxsize=64)
def _library_year(year: int) -> tuple[int, ...]:
    """Sorted ordinals of the working days of a year the library knows."""
    day = dt.date(year, 1, 1)
    out = []
    while day.year == year:
        if chinese_calendar.is_workday(day):
            out.append(day.toordinal())
        day += dt.timedelta(days=1)
    return tuple(out)


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[dt.date]:
    """The statutory holidays of a year by the law alone: no weekend shifts, no 调休 days off."""
    days = holidays.China(years=year, observed=False, language="en_US")
    return frozenset(day for day, name in days.items() if "substitut" not in name.lower())


def _estimated_year(year: int) -> tuple[int, ...]:
    return _weekday_year(year, dict.fromkeys(statutory_holidays(year), False))


def _weekday_year(year: int, overrides: dict | None = None) -> tuple[int, ...]:
    overrides = overrides or {}
    day = dt.date(year, 1, 1)
    out = []
    while day.year == year:
        is_work = overrides.get(day, day.weekday() < 5)
        if is_work:
            out.append(day.toordinal())
        day += dt.timedelta(days=1)
    return tuple(out)


class WorkCalendar:
    """A snapshot of the calendar data. Build once per operation with ``load()``."""

    def __init__(self, entered_years: dict[int, dict[dt.date, bool]] | None = None):
        self._entered = entered_years or {}
        self._years: dict[int, tuple[tuple[int, ...], frozenset, bool]] = {}
        self._dues: dict[int, Due] = {}  # ordinal -> Due without warning: many items share a due date

    @classmethod
    def load(cls) -> "WorkCalendar":
        entered: dict[int, dict[dt.date, bool]] = {y: {} for y in CalendarYear.objects.values_list("year", flat=True)}
        for year, date, is_work in CalendarDay.objects.values_list("calendar__year", "date", "is_workday"):
            entered.setdefault(year, {})[date] = is_work
        return cls(entered)

    # -- per-year data ---------------------------------------------------------------
    def _year(self, year: int):
        data = self._years.get(year)
        if data is None:
            if year in self._entered:
                ordinals, known = _weekday_year(year, self._entered[year]), True
            elif LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
                ordinals, known = _library_year(year), True
            else:
                ordinals, known = _estimated_year(year), False
            data = (ordinals, frozenset(ordinals), known)
            self._years[year] = data
        return data

    def _due(self, ordinal: int) -> Due:
        due = self._dues.get(ordinal)
        if due is None:
            due = self._dues[ordinal] = Due(dt.date.fromordinal(ordinal))
        return due

    def is_known(self, year: int) -> bool:
        return self._year(year)[2]

    def is_workday(self, day: dt.date) -> bool:
        return day.toordinal() in self._year(day.year)[1]

    def is_day_off(self, day: dt.date) -> bool:
        return not self.is_workday(day)

    # -- counting -------------------------------------------------------------------------
    def add_workdays(self, start: dt.date, n: int) -> Due:
        """The n-th working day after ``start`` (start not counted). n=0 returns start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return Due(start)
        # The common case, once per due date: the end lies in the start's year and that year is known.
        ordinals, _, known = self._years.get(start.year) or self._year(start.year)
        idx = bisect.bisect_right(ordinals, start.toordinal()) + n - 1
        if known and idx < len(ordinals):
            return self._due(ordinals[idx])
        unknown = []
        year = start.year
        after = start.toordinal()
        remaining = n
        while True:
            ordinals, _, known = self._year(year)
            idx = bisect.bisect_right(ordinals, after)
            available = len(ordinals) - idx
            if not known:
                unknown.append(year)
            if available >= remaining:
                return Due(dt.date.fromordinal(ordinals[idx + remaining - 1]), fallback_warning(unknown))
            remaining -= available
            year += 1

    def next_workday_on_or_after(self, day: dt.date) -> tuple[dt.date, list]:
        """The first working day on or after ``day`` (one search in the year's working days, not a
        walk day by day), and the years it depended on that came from the estimate."""
        unknown = []
        year, after = day.year, day.toordinal()
        while True:
            ordinals, _, known = self._year(year)
            if not known:
                unknown.append(year)
            idx = bisect.bisect_left(ordinals, after)
            if idx < len(ordinals):
                return dt.date.fromordinal(ordinals[idx]), unknown
            year += 1
            after = dt.date(year, 1, 1).toordinal()

    def add_calendar_days(self, start: dt.date, n: int) -> Due:
        """民法典 201/203: start not counted; a last day that is a day off moves on."""
        if n < 0:
            raise ValueError("n must be >= 0")
        end = start.toordinal() + n
        ordinals, workdays, known = self._years.get(start.year) or self._year(start.year)
        if known and end in workdays:  # the common case: the last day is a working day of a known year
            return self._due(end)
        end_day, unknown = self.next_workday_on_or_after(dt.date.fromordinal(end))
        return Due(end_day, fallback_warning(unknown))

    def add_months(self, start: dt.date, n: int) -> Due:
        """民法典 202: same-numbered day of the final month, or its last day; then 203."""
        if n < 0:
            raise ValueError("n must be >= 0")
        month_index = start.month - 1 + n
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, _stdcal.monthrange(year, month)[1])
        end, unknown = self.next_workday_on_or_after(dt.date(year, month, day))
        return Due(end, fallback_warning(unknown))

    def add(self, start: dt.date, amount: int, unit: str) -> Due:
        adder = _ADDERS.get(unit)
        if adder is None:
            raise ValueError(f"unknown unit {unit!r}")
        return adder(self, start, amount)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._year(year)[0]
            lo = bisect.bisect_right(ordinals, start.toordinal())
            hi = bisect.bisect_right(ordinals, end.toordinal())
            count += hi - lo
        return count


_ADDERS = {
    Unit.WORKDAY: WorkCalendar.add_workdays,
    Unit.DAY: WorkCalendar.add_calendar_days,
    Unit.MONTH: WorkCalendar.add_months,
}


def add_workdays(start: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> Due:
    return (calendar or WorkCalendar.load()).add_workdays(start, n)


def add_calendar_days(start: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> Due:
    return (calendar or WorkCalendar.load()).add_calendar_days(start, n)


def add_months(start: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> Due:
    return (calendar or WorkCalendar.load()).add_months(start, n)
