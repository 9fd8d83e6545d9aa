"""The compiler's query count does not depend on the number of records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discipline.models import Clue
from petitions.models import Category
from reports.metrics import collect_ids, compile_year
from reports.models import ActivityKind, ReportProfile, RiskCategory
from tests.factories import DepartmentFactory, PersonFactory, make_user
from tests.reports.factories import (
    ActivityFactory,
    RiskPointFactory,
    clue_row,
    outcome_row,
    petition_row,
    recommendation_row,
    round_with_measures,
)

pytestmark = pytest.mark.django_db

YEAR = 2023


def _load(n, user, departments, subject):
    """n records of every kind the report counts, spread over the year and the years either side."""
    kinds = list(ActivityKind.objects.all())
    categories = list(RiskCategory.objects.all())
    petition_categories = list(Category.objects.values_list("name", flat=True))
    disposals = [Clue.Disposal.TALK_INQUIRY, Clue.Disposal.PRELIMINARY, Clue.Disposal.DEFER, Clue.Disposal.CLOSE]
    for i in range(n):
        for year in (YEAR - 1, YEAR, YEAR + 1):
            date = dt.date(year, 1 + i % 12, 1 + i % 28)
            for k in kinds:
                ActivityFactory(kind=k, date=date, is_seminar=k.allows_seminar and i % 2 == 0)
            RiskPointFactory(category=categories[i % len(categories)], date=date)
            for status in ("in_progress", "signed_off", "long_term"):
                round_with_measures("市委第三巡察组", date, department=departments[i % 2], status=status)
            for j in range(5):
                petition = petition_row(
                    user,
                    date,
                    petition_categories[(i + j) % len(petition_categories)],
                    # 按期办结率 and 满意度 have data too
                    conclude_due=date + dt.timedelta(days=10),
                    concluded_on=date + dt.timedelta(days=j * 5),
                    satisfaction=("satisfied", "basic", "unsatisfied", "unreached", "")[j],
                )
            outcome_row(user, petition, departments[i % 2], "named_criticism", date)
            recommendation_row(user, departments[i % 2], date)
            clue_row(user, subject, date, disposals[i % 4])


def _queries(func):
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_compile_query_count_is_constant_from_small_to_ten_times_larger():
    ReportProfile.objects.create(
        line_of_work="热线", campaign_name="清风", column_name="微课堂", system_name="热线", recipient="纪工委"
    )
    departments = [DepartmentFactory(name="受理一处"), DepartmentFactory(name="督办处")]
    user, subject = make_user(username="loader"), PersonFactory()
    _load(4, user, departments, subject)
    small_figures = compile_year(YEAR)
    assert [code for code, f in small_figures.items() if f.flagged] == []  # every figure has data: all are traced
    small = _queries(lambda: compile_year(YEAR))
    small_ids = _queries(lambda: collect_ids(YEAR, compile_year(YEAR)))
    _load(36, user, departments, subject)  # 40 in all: ten times as many records
    large_figures = compile_year(YEAR)
    assert large_figures["party_conduct_meetings"].value == 10 * small_figures["party_conduct_meetings"].value
    assert _queries(lambda: compile_year(YEAR)) == small
    # collecting the ids costs one query per traceable figure, again whatever the data size
    assert _queries(lambda: collect_ids(YEAR, compile_year(YEAR))) == small_ids
