"""Period counting across 国庆, 春节, 调休 and years the library does not know."""

import datetime as dt

import chinese_calendar
import pytest

from deadlines.calendar import LIBRARY_LAST_YEAR, WorkCalendar, statutory_holidays
from deadlines.models import CalendarDay, CalendarYear

D = dt.date


@pytest.fixture
def cal():
    return WorkCalendar()  # library data only, no database


class TestWorkdays:
    def test_start_day_not_counted_across_national_day(self, cal):
        # 2025-09-30 (Tue) + 1 工作日: 10月1日–8日 are off → 10月9日
        assert cal.add_workdays(D(2025, 9, 30), 1).date == D(2025, 10, 9)

    def test_from_a_non_working_day_is_not_off_by_one(self, cal):
        # Starting on a holiday Saturday, the first working day after it is the answer
        # (chinese_calendar.find_workday would give 10月9日 here).
        assert cal.add_workdays(D(2026, 10, 3), 1).date == D(2026, 10, 8)

    def test_adjusted_working_sunday_counts(self, cal):
        # 2025-09-28 is a Sunday worked in exchange for the holiday (调休)
        assert cal.add_workdays(D(2025, 9, 26), 1).date == D(2025, 9, 28)

    def test_spring_festival(self, cal):
        # 2026-02-14 (Sat) is a 调休 working day; 15日–23日 are off.
        assert cal.add_workdays(D(2026, 2, 13), 1).date == D(2026, 2, 14)
        assert cal.add_workdays(D(2026, 2, 14), 1).date == D(2026, 2, 24)

    def test_fifteen_working_days_over_national_day(self, cal):
        # 9/28 9/29 9/30 · 10/8 10/9 10/10(Sat, 调休) · 10/12–16 · 10/19–22
        due = cal.add_workdays(D(2026, 9, 25), 15)
        assert due.date == D(2026, 10, 22)
        assert due.warning == ""

    def test_zero_returns_start(self, cal):
        assert cal.add_workdays(D(2026, 10, 3), 0).date == D(2026, 10, 3)

    def test_workdays_between_is_inverse(self, cal):
        start = D(2026, 9, 25)
        assert cal.workdays_between(start, cal.add_workdays(start, 15).date) == 15


class TestCalendarDays:
    def test_plain_period(self, cal):
        assert cal.add_calendar_days(D(2026, 3, 2), 15).date == D(2026, 3, 17)

    def test_last_day_on_weekend_moves_to_monday(self, cal):
        # 2026-11-21 is a Saturday
        assert cal.add_calendar_days(D(2026, 11, 6), 15).date == D(2026, 11, 23)

    def test_last_day_in_holiday_moves_past_it(self, cal):
        # 2026-10-01 (国庆) → first working day after the holiday, 10月8日
        assert cal.add_calendar_days(D(2026, 9, 16), 15).date == D(2026, 10, 8)

    def test_adjusted_working_saturday_is_not_a_day_off(self, cal):
        # 2026-10-10 is a Saturday worked (调休): the period ends on it
        assert cal.add_calendar_days(D(2026, 9, 25), 15).date == D(2026, 10, 10)


class TestMonths:
    def test_month_end_without_corresponding_day(self, cal):
        assert cal.add_months(D(2025, 1, 31), 1).date == D(2025, 2, 28)

    def test_leap_year(self, cal):
        assert cal.add_months(D(2024, 1, 31), 1).date == D(2024, 2, 29)

    def test_month_end_on_adjusted_working_saturday_stays(self, cal):
        # 1月31日 + 1 个月 = 2月28日, a 调休 working Saturday in 2026
        assert cal.add_months(D(2026, 1, 31), 1).date == D(2026, 2, 28)

    def test_same_numbered_day_then_day_off_rule(self, cal):
        # 2026-08-01 + 2 个月 = 10月1日 (国庆) → 10月8日
        assert cal.add_months(D(2026, 8, 1), 2).date == D(2026, 10, 8)

    def test_thirty_first_to_thirtieth(self, cal):
        assert cal.add_months(D(2025, 8, 31), 1).date == D(2025, 9, 30)


def _weekday_steps(start, n):
    day, count = start, 0
    while count < n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return day


fallback_warning_word = "估算"

# The statutory days of 全国年节及纪念日放假办法 (2024 text) as the State Council's notices for
# 2025 and 2026 place them (元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3).
STATUTORY = {
    2025: {D(2025, 1, 1), *(D(2025, 1, d) for d in (28, 29, 30, 31)), D(2025, 4, 4), D(2025, 5, 1),
           D(2025, 5, 2), D(2025, 5, 31), D(2025, 10, 6), *(D(2025, 10, d) for d in (1, 2, 3))},
    2026: {D(2026, 1, 1), *(D(2026, 2, d) for d in (16, 17, 18, 19)), D(2026, 4, 5), D(2026, 5, 1),
           D(2026, 5, 2), D(2026, 6, 19), D(2026, 9, 25), *(D(2026, 10, d) for d in (1, 2, 3))},
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(STATUTORY))
def test_statutory_holidays_from_the_lunar_calendar_match_the_notices(year):
    assert statutory_holidays(year) == STATUTORY[year]
    assert all(not chinese_calendar.is_workday(day) for day in STATUTORY[year])


@pytest.mark.parametrize("year", range(2027, 2031))
def test_statutory_holidays_of_later_years_are_thirteen_days_at_most(year):
    days = statutory_holidays(year)
    # 中秋 may fall inside 国庆 (2028: 10月3日), then the days coincide
    assert 12 <= len(days) <= 13 and D(year, 1, 1) in days and D(year, 10, 1) in days


class TestYearAfterTheLibrary:
    """Deadlines set in December 2026 that end in 2027, a year chinesecalendar 1.11 does not know."""

    def test_fifteen_working_days_skip_new_year(self, cal):
        due = cal.add_workdays(D(2026, 12, 11), 15)
        assert due.date == D(2027, 1, 4)  # 12月14日–31日 are 14 working days, 1月1日 is 元旦

    @pytest.mark.parametrize(
        ("accepted", "due"),
        [(7, D(2027, 2, 9)), (8, D(2027, 2, 9)), (9, D(2027, 2, 9)), (10, D(2027, 2, 9)),
         (11, D(2027, 2, 9)), (12, D(2027, 2, 10))],
    )  # fmt: skip
    def test_sixty_days_never_end_in_the_spring_festival(self, cal, accepted, due):
        # 除夕 2月5日 (Fri) to 初三 2月8日 (Mon) are off: a period ending there moves to 2月9日
        result = cal.add_calendar_days(D(2026, 12, accepted), 60)
        assert result.date == due and result.date not in statutory_holidays(2027)


class TestUnknownYears:
    """The library's last year + 1 — never a fixed year that an update would make known."""

    def test_fallback_away_from_holidays_is_monday_to_friday_with_warning(self, cal):
        year = LIBRARY_LAST_YEAR + 1
        start = D(year, 3, 6)
        due = cal.add_workdays(start, 10)
        assert due.date == _weekday_steps(start, 10)
        assert str(year) in due.warning
        assert due.is_estimate

    def test_estimate_skips_the_statutory_holidays(self, cal):
        year = LIBRARY_LAST_YEAR + 1
        holidays = statutory_holidays(year)
        new_year = D(year, 1, 1)
        assert new_year in holidays and cal.is_day_off(new_year)
        for day in holidays:
            assert cal.is_day_off(day)
        assert fallback_warning_word in cal.add_workdays(D(year, 3, 6), 1).warning

    def test_period_crossing_into_unknown_year_warns(self, cal):
        start = D(LIBRARY_LAST_YEAR, 12, 20)
        due = cal.add_workdays(start, 15)
        assert due.date.year == LIBRARY_LAST_YEAR + 1
        assert str(LIBRARY_LAST_YEAR + 1) in due.warning

    def test_known_year_has_no_warning(self, cal):
        assert cal.add_workdays(D(LIBRARY_LAST_YEAR, 3, 2), 5).warning == ""

    def test_calendar_days_and_months_fall_back_too(self, cal):
        year = LIBRARY_LAST_YEAR + 1
        due = cal.add_calendar_days(D(year, 5, 1), 10)
        assert due.warning and due.date.weekday() < 5
        due = cal.add_months(D(year, 1, 31), 1)
        assert due.warning and due.date.weekday() < 5

    @pytest.mark.django_db
    def test_admin_entered_year_is_used_without_warning(self):
        year = LIBRARY_LAST_YEAR + 1
        first_monday = D(year, 1, 1) + dt.timedelta(days=(7 - D(year, 1, 1).weekday()) % 7)
        saturday = first_monday + dt.timedelta(days=5)
        calendar_year = CalendarYear.objects.create(year=year, source="国办发明电")
        # the whole first week off, the following Saturday worked
        for i in range(5):
            CalendarDay.objects.create(
                calendar=calendar_year, date=first_monday + dt.timedelta(days=i), is_workday=False, name="假期"
            )
        CalendarDay.objects.create(calendar=calendar_year, date=saturday, is_workday=True, name="调休上班")
        cal = WorkCalendar.load()
        due = cal.add_workdays(first_monday - dt.timedelta(days=1), 1)
        assert due.date == saturday
        assert due.warning == ""
        # a calendar-day period ending in that holiday week moves to the worked Saturday
        assert cal.add_calendar_days(first_monday - dt.timedelta(days=3), 4).date == saturday

    @pytest.mark.django_db
    def test_admin_entry_overrides_library_year(self):
        # An admin correction of a known year wins over the library's data.
        day = D(LIBRARY_LAST_YEAR, 3, 2)  # an ordinary working Monday in the library
        calendar_year = CalendarYear.objects.create(year=LIBRARY_LAST_YEAR)
        CalendarDay.objects.create(calendar=calendar_year, date=day, is_workday=False, name="临时调整")
        assert WorkCalendar.load().is_day_off(day)
        assert not WorkCalendar().is_day_off(day)


def test_negative_amount_is_refused(cal):
    with pytest.raises(ValueError):
        cal.add_workdays(D(2026, 1, 5), -1)
