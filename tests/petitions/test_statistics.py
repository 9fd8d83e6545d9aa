"""信访统计's figures against hand-counted petitions (tests/petitions/statistics_seed.py): months on
local midnights, the year against the year before, categories, departments, channels, the
按期办结率 and 满意度, the most frequent 被反映人; roles and 回避; a constant query count."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.statistics import year_statistics
from tests.petitions.statistics_seed import filler, seed

pytestmark = pytest.mark.django_db


def _table(groups):
    return {g.label: (g.this, g.prev) for g in groups}


@pytest.fixture
def seeded(inspector, leader):
    return seed(inspector, leader=leader)


def test_months_follow_local_midnight_and_compare_with_the_year_before(inspector, seeded):
    stats = year_statistics(user=inspector, year=seeded.year)
    months = [(g.this, g.prev) for g in stats.months]
    # Jan: 1 (00:30 on 1 Jan, UTC the year before) and 2 (23:59 on 31 Jan); Feb: 3 (00:00 on 1 Feb,
    # UTC still January); Mar: 4, 5; Apr: 6; Jun: 8. The year before: Jun 10, Dec 9 (23:59 on 31 Dec).
    assert months == [(2, 0), (1, 0), (2, 0), (1, 0), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 1)]
    assert (stats.total, stats.prev_total) == (7, 2)  # not the archived one, not the next year's midnight


def test_categories_departments_channels_and_transfers(inspector, seeded):
    stats = year_statistics(user=inspector, year=seeded.year)
    assert _table(stats.categories) == {"服务态度": (3, 1), "电话接听": (2, 1), "未填问题类别": (2, 0)}
    assert [g.label for g in stats.categories][-1] == "未填问题类别"
    assert _table(stats.departments) == {"统计一处": (3, 1), "统计二处": (2, 1), "未填被反映单位": (2, 0)}
    assert _table(stats.transfer_departments) == {"统计二处": (1, 0)}
    assert _table(stats.channels) == {"12345热线": (3, 1), "电话": (2, 1), "来信": (2, 0)}
    assert [g.label for g in stats.channels] == ["来信", "电话", "12345热线"]  # the channels' own order


def test_on_time_and_satisfaction_rates(inspector, seeded):
    stats = year_statistics(user=inspector, year=seeded.year)
    r = stats.rates
    # 1 on time, 5 on its due date (on time), 2 late; 4 concluded without a due date: not counted
    assert (r.timed, r.on_time, r.late, r.on_time_rate) == (3, 2, 1, 66.7)
    # 满意 1, 基本满意 1, 不满意 1; 未回访 1 is left out of the rate
    assert (r.satisfied, r.basic, r.unsatisfied, r.unreached, r.rated) == (1, 1, 1, 1, 3)
    assert r.satisfaction_rate == 66.7
    p = stats.prev_rates
    assert (p.timed, p.on_time, p.on_time_rate, p.satisfied, p.satisfaction_rate) == (1, 1, 100.0, 2, 100.0)


def test_rates_without_data_are_none_not_zero(inspector, seeded):
    stats = year_statistics(user=inspector, year=seeded.year - 5)
    assert stats.total == 0
    assert stats.rates.on_time_rate is None and stats.rates.satisfaction_rate is None


def test_top_subject_persons(inspector, leader, seeded):
    stats = year_statistics(user=inspector, year=seeded.year)
    assert _table(stats.persons) == {"被反映人甲": (2, 0), leader.person.name: (1, 0)}
    assert stats.persons[0].label == "被反映人甲"


def test_leader_never_counts_restricted_or_their_own(leader, seeded):
    stats = year_statistics(user=leader, year=seeded.year)
    assert stats.total == 5  # not 6 (上级管辖件), not 8 (about the leader: 回避)
    assert _table(stats.channels) == {"12345热线": (3, 1), "电话": (1, 1), "来信": (1, 0)}
    assert _table(stats.persons) == {"被反映人甲": (2, 0)}
    assert _table(stats.departments)["统计二处"] == (1, 1)


def test_office_and_admin_count_nothing(office_a, admin_user, seeded):
    for user in (office_a, admin_user):
        stats = year_statistics(user=user, year=seeded.year)
        assert stats.total == 0 and stats.categories == [] and stats.persons == []


def _queries(user, year):
    user = get_user_model().objects.get(pk=user.pk)  # a fresh actor: its resolution is counted too
    with CaptureQueriesContext(connection) as ctx:
        year_statistics(user=user, year=year)
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_10_and_100_petitions(inspector):
    year = seed(inspector).year
    filler(inspector, 10, year)
    few = _queries(inspector, year)
    filler(inspector, 90, year)
    many = _queries(inspector, year)
    # 4 to resolve the actor (core.scoping: roles, person, departments, headed departments) + 7
    # GROUP BY / aggregate queries (months, categories, departments, transfer departments,
    # channels, persons, rates), however many petitions
    assert few == many == 11
