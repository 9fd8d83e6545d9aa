"""The annual report's 信访件按期办结率 and 满意度 (extra figures): the hand-counted petitions of
tests/petitions/statistics_seed.py, their drill-downs (the petitions each rate is taken over), and
待填 — never 0 — for a year without such data."""

import pytest

from reports.metrics import compile_year
from reports.metrics.base import get_metric
from tests.petitions.statistics_seed import seed

pytestmark = pytest.mark.django_db


def test_rates_and_their_drill_downs(inspector, leader):
    year = seed(inspector, leader=leader).year
    figures = compile_year(year)
    on_time, satisfaction = figures["petition_on_time_rate"], figures["petition_satisfaction_rate"]
    assert (on_time.text, on_time.flagged) == ("66.7%", False)
    assert "按期办结 2 件" in on_time.note and "共 3 件" in on_time.note
    assert (satisfaction.text, satisfaction.flagged) == ("66.7%", False)
    assert get_metric("petition_on_time_rate").drill(year, on_time.params).count() == 3
    assert get_metric("petition_satisfaction_rate").drill(year, satisfaction.params).count() == 3
    assert compile_year(year - 1)["petition_on_time_rate"].text == "100.0%"


def test_a_year_without_data_is_left_to_fill(inspector, leader):
    year = seed(inspector, leader=leader).year
    figures = compile_year(year - 5)
    assert figures["petition_on_time_rate"].flagged and figures["petition_satisfaction_rate"].flagged
