"""Two 批量销号 of the same measures at the same moment, on separate connections: one wins whole.

The loser finds the measures already 已销号 (each service locks its row and checks the status) and is
refused with every measure listed; nothing of it is written, so every measure has one sign-off review
and one history entry for it. The ids are locked in ascending order whatever order they were ticked in,
so two overlapping batches never deadlock. Runs on SQLite and PostgreSQL.
"""

import pytest

from organization.roles import Role
from rectification.models import Measure, MeasureReview, MeasureStatus
from rectification.services.bulk import BulkRefused, measures_bulk
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.rectification.bulk_helpers import submitted_measures


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("delay", [0, 0.15], ids=["tie", "second_late"])
def test_two_bulk_sign_offs_of_the_same_measures_one_wins_and_no_history_is_doubled(dept_a, delay):
    office = make_user(Role.OFFICE, departments=[dept_a], username="bulk_race_office", person_name="联络员丁")
    first = make_user(Role.SUPERVISOR, username="bulk_race_boss1", person_name="纪检组长丙")
    second = make_user(Role.SUPERVISOR, username="bulk_race_boss2", person_name="纪检组长丁")
    measures = submitted_measures(office, dept_a, 3)
    ids = [m.pk for m in measures]
    history_before = Measure.history.filter(id__in=ids).count()

    outcomes = race(
        lambda: measures_bulk(user=first, action="sign_off", measure_ids=ids),
        lambda: measures_bulk(user=second, action="sign_off", measure_ids=list(reversed(ids))),
        delays=[0, delay],
    )

    winners = [o for o in outcomes if o[0] == "ok"]
    losers = [o for o in outcomes if o[0] == "error"]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    refused = losers[0][1]
    assert isinstance(refused, BulkRefused), refused
    assert sorted(r.measure_id for r in refused.refusals) == sorted(ids)
    assert all("已销号" in r.reason for r in refused.refusals)
    assert set(Measure.objects.filter(pk__in=ids).values_list("status", flat=True)) == {MeasureStatus.SIGNED_OFF}
    reviews = MeasureReview.objects.filter(measure_id__in=ids, action=MeasureReview.Action.SIGN_OFF)
    assert reviews.count() == 3
    assert len({r.actor_id for r in reviews}) == 1, "the batch was split between the two reviewers"
    assert Measure.history.filter(id__in=ids).count() == history_before + 3
