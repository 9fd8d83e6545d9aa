"""The compiler's query count does not depend on the number of records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.metrics import collect_ids, compile_year, metrics
from reports.models import ActivityKind, ReportProfile, RiskCategory
from tests.reports.factories import ActivityFactory, RiskPointFactory

pytestmark = pytest.mark.django_db

YEAR = 2023


def _load(n):
    """n records of every kind and category, spread over the year and the years either side."""
    kinds = list(ActivityKind.objects.all())
    categories = list(RiskCategory.objects.all())
    for i in range(n):
        for year in (YEAR - 1, YEAR, YEAR + 1):
            date = dt.date(year, 1 + i % 12, 1 + i % 28)
            for k in kinds:
                ActivityFactory(kind=k, date=date, is_seminar=k.allows_seminar and i % 2 == 0)
            RiskPointFactory(category=categories[i % len(categories)], date=date)


def _queries(func):
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_compile_query_count_is_constant_from_small_to_ten_times_larger():
    ReportProfile.objects.create(
        line_of_work="热线", campaign_name="清风", column_name="微课堂", system_name="热线", recipient="纪工委"
    )
    _load(3)
    small_figures = compile_year(YEAR)
    internal = [f for code, f in small_figures.items() if metrics()[code].source in ("activities", "risks", "profile")]
    assert not [f.code for f in internal if f.flagged]  # every figure has data: all are traced
    small = _queries(lambda: compile_year(YEAR))
    small_ids = _queries(lambda: collect_ids(YEAR, compile_year(YEAR)))
    _load(27)  # 30 in all: ten times as many records
    large_figures = compile_year(YEAR)
    assert large_figures["party_conduct_meetings"].value == 10 * small_figures["party_conduct_meetings"].value
    assert _queries(lambda: compile_year(YEAR)) == small
    # collecting the ids costs one query per traceable figure, again whatever the data size
    assert _queries(lambda: collect_ids(YEAR, compile_year(YEAR))) == small_ids
