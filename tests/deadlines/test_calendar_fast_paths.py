"""The calendar's fast paths (end in the start's known year) give exactly what counting day by
day gives, across year ends and into estimated years, with the same warnings."""

import datetime as dt

import pytest

from deadlines.calendar import LIBRARY_LAST_YEAR, WorkCalendar, fallback_warning


def _by_walking(cal, start, n, unit):
    """Reference: count day by day (民法典 201/203; start day not counted)."""
    years = set()
    day = start
    if unit == "workday":
        left = n
        while left:
            day += dt.timedelta(days=1)
            if not cal.is_known(day.year):
                years.add(day.year)
            left -= cal.is_workday(day)
        if not cal.is_known(start.year):
            years.add(start.year)
    else:
        day = start + dt.timedelta(days=n)
        while True:
            if not cal.is_known(day.year):
                years.add(day.year)
            if cal.is_workday(day):
                break
            day += dt.timedelta(days=1)
    return day, fallback_warning(years)


@pytest.mark.django_db
@pytest.mark.parametrize("unit", ["workday", "day"])
def test_every_start_of_the_last_known_year_and_the_next_matches_counting_day_by_day(unit):
    cal = WorkCalendar.load()
    first = dt.date(LIBRARY_LAST_YEAR, 11, 1)
    for offset in range(0, 120, 3):  # across the end of the last known year into an estimated one
        start = first + dt.timedelta(days=offset)
        for n in (1, 5, 15, 60):
            due = cal.add(start, n, unit)
            assert (due.date, due.warning) == _by_walking(cal, start, n, unit), (start, n, unit)


@pytest.mark.django_db
def test_a_shared_due_date_is_one_object_and_a_warning_is_never_shared():
    cal = WorkCalendar.load()
    start = dt.date(LIBRARY_LAST_YEAR, 3, 2)
    assert cal.add(start, 7, "workday") is cal.add(start, 7, "workday")
    late = cal.add(dt.date(LIBRARY_LAST_YEAR, 12, 28), 15, "workday")
    assert late.is_estimate and str(LIBRARY_LAST_YEAR + 1) in late.warning
