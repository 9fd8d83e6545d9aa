"""收到日期起/止 and 转办日期起/止 are days of the unit's calendar (Asia/Shanghai) matched as a range on
the indexed datetime column — not ``column__date``, which converts every row and uses no index
(issue 18 §4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.filters import PetitionFilter
from petitions.models import Petition
from tests.petitions.statistics_seed import at, petition

pytestmark = pytest.mark.django_db


def _ids(inspector, **query):
    return set(PetitionFilter(query, queryset=Petition.objects.all(), user=inspector).qs.values_list("pk", flat=True))


def test_a_day_runs_from_local_midnight_to_local_midnight(inspector):
    # 00:10 in Shanghai is 16:10 UTC of the day before; 23:50 is 15:50 UTC of the same day.
    early = petition(inspector, at(2025, 3, 10, 0, 10))
    late = petition(inspector, at(2025, 3, 10, 23, 50))
    before = petition(inspector, at(2025, 3, 9, 23, 59))
    after = petition(inspector, at(2025, 3, 11, 0, 0))
    assert _ids(inspector, received_after="2025-03-10", received_before="2025-03-10") == {early.pk, late.pk}
    assert _ids(inspector, received_after="2025-03-10") == {early.pk, late.pk, after.pk}
    assert _ids(inspector, received_before="2025-03-10") == {early.pk, late.pk, before.pk}


def test_a_transfer_day_matches_the_transfer_moment(inspector):
    moved = petition(inspector, at(2025, 3, 10), transferred_at=at(2025, 3, 12, 0, 5))
    petition(inspector, at(2025, 3, 10))  # never transferred
    assert _ids(inspector, transferred_after="2025-03-12", transferred_before="2025-03-12") == {moved.pk}
    assert _ids(inspector, transferred_before="2025-03-11") == set()


def test_the_filter_is_a_range_on_the_column(inspector):
    qs = PetitionFilter(
        {"received_after": "2025-03-10", "received_before": "2025-03-12"},
        queryset=Petition.objects.all(),
        user=inspector,
    ).qs
    with CaptureQueriesContext(connection) as queries:
        list(qs)
    sql = queries.captured_queries[-1]["sql"]
    assert '"received_at" >=' in sql and '"received_at" <' in sql
    assert "django_datetime_cast_date" not in sql and "AT TIME ZONE" not in sql and "::date" not in sql


@pytest.mark.parametrize("name", ["received_after", "received_before", "transferred_after", "transferred_before"])
def test_a_day_at_the_end_of_the_calendar_is_a_400_naming_the_field(api_as, inspector, name):
    for day in ("0001-01-01", "9999-12-31"):
        response = api_as(inspector).get("/api/v1/petitions/", {name: day})
        assert response.status_code == 400 and name in response.json()["detail"]
