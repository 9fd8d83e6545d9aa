"""Which years' holiday schedules are missing and should be entered now.

The State Council publishes next year's notice in November (2024-11-12, 2025-11-04). From
1 November (the unit's local date) next year is therefore expected; the current year is always
expected. A year is missing when it has neither an admin-entered schedule nor the library's
data: its working days are then estimated (``deadlines.calendar``).
"""

import datetime as dt

from django.utils import timezone

from deadlines.calendar import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR
from deadlines.models import CalendarYear

EXPECT_NEXT_YEAR_FROM = (11, 1)  # (month, day)


def expected_years(today: dt.date) -> list[int]:
    years = [today.year]
    if (today.month, today.day) >= EXPECT_NEXT_YEAR_FROM:
        years.append(today.year + 1)
    return years


def missing_years(today: dt.date | None = None) -> list[int]:
    """The expected years with neither admin data nor library data (one query at most)."""
    today = today or timezone.localdate()
    candidates = [y for y in expected_years(today) if not LIBRARY_FIRST_YEAR <= y <= LIBRARY_LAST_YEAR]
    if not candidates:
        return []
    entered = set(CalendarYear.objects.filter(year__in=candidates).values_list("year", flat=True))
    return [y for y in candidates if y not in entered]


def missing_text(years) -> str:
    listed = "、".join(f"{y}年" for y in years)
    return f"{listed}节假日安排尚未录入"
