"""The metric registry and compiler for the reports app's own records (activities, risk points, profile)."""

import datetime as dt

import pytest

from organization.models import UnitProfile
from reports.kinds import SYSTEM_KINDS
from reports.metrics import approx_count, compile_year, metrics
from reports.metrics.compiler import collect_ids
from reports.models import ActivityKind, ReportProfile, RiskCategory
from tests.reports.factories import ActivityFactory, RiskPointFactory, category, kind

pytestmark = pytest.mark.django_db

YEAR = 2023


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0件"),
        (7, "7件"),
        (19, "19件"),
        (20, "20件"),
        (21, "20余件"),
        (137, "130余件"),
        (140, "140件"),
        (1005, "1000余件"),
    ],
)
def test_approx_count_rounds_down_to_tens_from_twenty(n, text):
    assert approx_count(n) == text


def test_seeded_kinds_match_the_codes_the_metrics_use():
    # Given the data migration, then every kind the report counts exists with its unit word
    seeded = {
        k.code: (k.name, k.unit, k.counts_persons, k.allows_seminar, k.is_system) for k in ActivityKind.objects.all()
    }
    for code, name, unit, persons, seminar, _order in SYSTEM_KINDS:
        assert seeded[code] == (name, unit, persons, seminar, True)
    assert RiskCategory.objects.count() == 8


def test_activity_counts_sum_quantities_of_the_year_only():
    # Given meetings in the year, the year before and after, and an archived one
    k = kind("party-conduct-meeting")
    ActivityFactory(kind=k, date=dt.date(YEAR, 1, 1))
    ActivityFactory(kind=k, date=dt.date(YEAR, 12, 31), quantity=2)
    ActivityFactory(kind=k, date=dt.date(YEAR - 1, 12, 31))
    ActivityFactory(kind=k, date=dt.date(YEAR + 1, 1, 1))
    ActivityFactory(kind=k, date=dt.date(YEAR, 6, 1)).archive()
    talks = kind("heart-talk")
    ActivityFactory(kind=talks, date=dt.date(YEAR, 5, 5), quantity=12)
    # When compiled
    figures = compile_year(YEAR)
    # Then only the year's live records count, each in its kind's unit
    assert figures["party_conduct_meetings"].value == 3
    assert figures["party_conduct_meetings"].unit == "次"
    assert figures["heart_talks"].value == 12
    assert figures["heart_talks"].unit == "人次"
    assert not figures["heart_talks"].flagged


def test_no_records_is_flagged_never_zero():
    figures = compile_year(YEAR)
    fig = figures["wall_posters"]
    assert fig.flagged and fig.value == 0 and fig.text == ""
    assert "没有相关记录" in fig.reason
    assert fig.placeholder == "【待填：制作廉宣墙报】"


def test_theory_study_and_seminars_are_counted_apart():
    k = kind("theory-study")
    for month in range(1, 13):
        ActivityFactory(kind=k, date=dt.date(YEAR, month, 10), is_seminar=month % 3 == 0)
    figures = compile_year(YEAR)
    assert figures["theory_study_sessions"].value == 12
    assert figures["theory_seminars"].value == 4


def test_mobilization_date_is_the_first_meeting_of_the_year():
    k = kind("history-mobilization")
    ActivityFactory(kind=k, date=dt.date(YEAR, 4, 9))
    ActivityFactory(kind=k, date=dt.date(YEAR, 3, 5))
    ActivityFactory(kind=k, date=dt.date(YEAR - 1, 2, 1))
    figures = compile_year(YEAR)
    assert figures["mobilization_month"].text == "3"
    assert figures["mobilization_day"].text == "5"
    collect_ids(YEAR, figures)
    assert len(figures["mobilization_day"].ids) == 1


def test_top_three_risk_categories_and_sums():
    for name, n in (("工单受理", 3), ("财务管理", 2), ("政府采购", 2), ("资产管理", 1)):
        for _ in range(n):
            RiskPointFactory(category=category(name), date=dt.date(YEAR, 4, 1), shortcoming_count=2, suggestion_count=3)
    RiskPointFactory(category=category("资产管理"), date=dt.date(YEAR + 1, 4, 1))
    RiskPointFactory(category=category("资产管理"), date=dt.date(YEAR + 1, 4, 2))
    figures = compile_year(YEAR)
    # ties (财务管理 2, 政府采购 2) go by the categories' order
    assert [figures[f"risk_category_{i}"].text for i in (1, 2, 3)] == ["工单受理", "财务管理", "政府采购"]
    assert figures["risk_shortcomings"].value == 16
    assert figures["risk_suggestions"].value == 24
    assert figures["risk_points"].value == 8


def test_fewer_than_three_categories_leaves_the_rest_flagged():
    RiskPointFactory(category=category("工单受理"), date=dt.date(YEAR, 4, 1))
    figures = compile_year(YEAR)
    assert figures["risk_category_1"].text == "工单受理"
    assert figures["risk_category_2"].flagged and figures["risk_category_3"].flagged


def test_profile_texts_come_from_the_profiles():
    unit = UnitProfile.load()
    unit.name = "某局"
    unit.superior_body = "新区纪工委监察室"
    unit.save()
    profile = ReportProfile.load()
    profile.line_of_work = "12345热线"
    profile.save()
    figures = compile_year(YEAR)
    assert figures["unit_name"].text == "某局"
    assert figures["superior_body"].text == "新区纪工委监察室"
    assert figures["line_of_work"].text == "12345热线"
    assert figures["campaign_name"].flagged and figures["campaign_name"].reason == "单位信息未填写"
    profile.unit_short_name = "市热线局"
    profile.save()
    assert compile_year(YEAR)["unit_name"].text == "市热线局"


def test_collect_ids_lists_exactly_the_counted_records():
    k = kind("web-article")
    inside = [ActivityFactory(kind=k, date=dt.date(YEAR, m, 1), quantity=3) for m in (1, 2)]
    ActivityFactory(kind=k, date=dt.date(YEAR + 1, 1, 1))
    figures = compile_year(YEAR)
    collect_ids(YEAR, figures)
    assert figures["web_articles"].ids == sorted(a.pk for a in inside)
    assert figures["web_articles"].value == 6
    assert figures["unit_name"].ids is None  # a profile text has no records


def test_every_metric_has_a_chinese_label_and_a_source():
    from reports.metrics.base import sources

    for metric in metrics().values():
        assert metric.label and not metric.label.isascii()
        assert metric.source in sources()
