"""The API preview's record_count is the number of records each figure counts: the same as its
drill-down (live records) and as a version generated from the same data."""

import datetime as dt

import pytest
from django.urls import reverse

from organization.models import Department
from reports.metrics import metrics
from tests.factories import DepartmentFactory, PersonFactory
from tests.reports.factories import (
    ActivityFactory,
    RiskPointFactory,
    category,
    clue_row,
    kind,
    outcome_row,
    petition_row,
    recommendation_row,
    round_with_measures,
)

pytestmark = pytest.mark.django_db

YEAR = 2023


def _year_of_data(user):
    dept = DepartmentFactory()
    for month in (2, 5, 9):
        ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(YEAR, month, 1))
    ActivityFactory(kind=kind("work-info"), date=dt.date(YEAR, 3, 1), quantity=3)
    ActivityFactory(kind=kind("work-info"), date=dt.date(YEAR + 1, 3, 1))  # another year: not counted
    RiskPointFactory(category=category("工单受理"), date=dt.date(YEAR, 4, 1), department=dept)
    petitions = [petition_row(user, dt.date(YEAR, m, 10)) for m in (1, 6)]
    petition_row(user, dt.date(YEAR - 1, 12, 30))
    outcome_row(user, petitions[0], dept, "named_criticism", dt.date(YEAR, 7, 1))
    recommendation_row(user, dept, dt.date(YEAR, 8, 1))
    recommendation_row(user, dept, dt.date(YEAR - 1, 8, 1))
    clue_row(user, PersonFactory(), dt.date(YEAR, 5, 1), "talk_inquiry")
    round_with_measures("市委第三巡察组", dt.date(YEAR, 3, 1), aspects=2, problems=2, measures=2, department=dept)


def test_preview_record_count_equals_the_drill_down_of_every_figure(api_as, supervisor):
    _year_of_data(supervisor)
    client = api_as(supervisor)
    preview = client.get(reverse("report-preview"), {"year": YEAR}).data
    assert [f["code"] for f in preview] == list(metrics())
    traced = 0
    for figure in preview:
        code = figure["code"]
        page = client.get(reverse("report-live-records", args=[YEAR, code]))
        if metrics()[code].drill is None:  # a profile text: no record list, no count
            assert page.status_code == 404 and figure["record_count"] is None, code
            continue
        assert page.status_code == 200, code
        assert figure["record_count"] == page.data["counted"], code
        traced += figure["record_count"] > 0
    assert traced >= 10  # the data above feed many figures, not only zeros
    by_code = {f["code"]: f for f in preview}
    assert by_code["party_conduct_meetings"]["record_count"] == 3
    assert by_code["work_info"]["record_count"] == 1
    assert by_code["petitions_handled"]["record_count"] == 2
    assert by_code["recommendations_issued"]["record_count"] == 1
    assert by_code["criticized_departments"]["record_count"] == 1
    assert Department.objects.count() >= 1

    # and a version generated from the same data counts the same records
    version = client.post(reverse("report-list"), {"year": YEAR}, format="json").data
    saved = {f["code"]: f["record_count"] for f in version["figures"]}
    assert saved == {f["code"]: f["record_count"] for f in preview}


def test_preview_queries_do_not_grow_with_the_records(api_as, supervisor, django_assert_max_num_queries):
    _year_of_data(supervisor)
    _year_of_data(supervisor)
    # the sources' fixed queries, one count per traceable figure, and the request's own
    with django_assert_max_num_queries(len(metrics()) + 40):
        response = api_as(supervisor).get(reverse("report-preview"), {"year": YEAR})
    assert response.status_code == 200
