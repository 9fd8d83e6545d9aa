"""The reminders read "open" from each app's one definition (rectification.open,
petitions.open, discipline.open), not from a filter of their own."""

import pytest

from reminders.sources import get_source


def _sql(qs):
    return str(qs.query)


def _clue_kinds():
    from discipline.models import Clue

    return list(Clue.DueKind)


@pytest.mark.parametrize("key", ["measure", "round.plan", "round.report", "round.leader_report"])
def test_rectification_sources_read_rectification_open(key):
    from rectification.open import open_measures, open_rounds

    source = get_source(key)
    expected = open_measures() if key == "measure" else open_rounds(due=source.due_field)
    assert _sql(source.queryset()) == _sql(expected)


@pytest.mark.parametrize(
    "due",
    ["accept_due", "notify_due", "escalate_due", "transfer_due", "conclude_due", "feedback_due"]
    + ["objection_due", "review_due", "recheck_due"],
)
def test_petition_sources_read_petitions_open(due):
    from petitions.open import open_petitions, open_transfers

    source = get_source(f"petition.{due.removesuffix('_due')}")
    assert source.due_field == due
    expected = open_transfers() if due == "transfer_due" else open_petitions(due=due)
    assert _sql(source.queryset()) == _sql(expected)


@pytest.mark.parametrize("kind", _clue_kinds())
def test_clue_sources_read_discipline_open(kind):
    from discipline.open import open_clues

    assert _sql(get_source(f"clue.{kind.value}").queryset()) == _sql(open_clues(kind=kind))


def test_recommendation_source_reads_discipline_open():
    from discipline.open import open_recommendations

    assert _sql(get_source("recommendation.reply").queryset()) == _sql(open_recommendations())


def test_open_means_not_archived_everywhere():
    from discipline.open import open_clues, open_recommendations
    from petitions.open import open_petitions
    from rectification.open import open_measures, open_rounds

    for qs in (
        open_measures(),
        open_rounds(due="report_due_date"),
        open_petitions(due="conclude_due"),
        open_clues(kind="disposal"),
        open_recommendations(),
    ):
        assert '"archived_at" IS NULL' in _sql(qs)
