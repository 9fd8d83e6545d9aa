"""The API preview's record_count is the number of records each figure counts: the same as its
drill-down (live records) and as a version generated from the same data."""

import pytest
from django.urls import reverse

from organization.models import Department
from reports.metrics import metrics
from tests.reports.factories import demo_year

pytestmark = pytest.mark.django_db

YEAR = 2023


def test_preview_record_count_equals_the_drill_down_of_every_figure(api_as, supervisor):
    demo_year(supervisor, YEAR)
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
    demo_year(supervisor, YEAR)
    demo_year(supervisor, YEAR)
    # the sources' fixed queries, one count per traceable figure, and the request's own
    with django_assert_max_num_queries(len(metrics()) + 40):
        response = api_as(supervisor).get(reverse("report-preview"), {"year": YEAR})
    assert response.status_code == 200
