"""Rules of the figures fed by the other apps: which round, "N余件", departments criticised, disposals."""

import datetime as dt

import pytest

from discipline.models import Clue
from rectification.models import Measure
from reports.metrics import collect_ids, compile_year
from tests.factories import DepartmentFactory, PersonFactory
from tests.reports.factories import clue_row, outcome_row, petition_row, recommendation_row, round_with_measures

pytestmark = pytest.mark.django_db

YEAR = 2023


def test_the_round_fed_back_in_the_year_is_named_with_its_counts():
    round_with_measures("市委第五巡察组", dt.date(YEAR - 1, 5, 1), aspects=4, problems=4, measures=4)
    round_with_measures("市委第三巡察组", dt.date(YEAR, 9, 15), aspects=3, problems=2, measures=2)
    figures = compile_year(YEAR)
    assert figures["inspection_team"].text == "市委第三巡察组"
    assert (figures["inspection_aspects"].value, figures["inspection_problems"].value) == (3, 6)
    assert figures["inspection_measures"].value == 12
    assert "2023年9月15日" in figures["inspection_team"].note


def test_several_rounds_in_the_year_are_each_named_and_added_up():
    round_with_measures("市委第三巡察组", dt.date(YEAR, 3, 1), aspects=1, problems=2, measures=1)
    round_with_measures("市委第五巡察组", dt.date(YEAR, 10, 1), aspects=2, problems=1, measures=3)
    figures = compile_year(YEAR)
    assert figures["inspection_team"].text == "市委第三巡察组、市委第五巡察组"
    assert (figures["inspection_aspects"].value, figures["inspection_problems"].value) == (3, 4)
    assert figures["inspection_measures"].value == 8


def test_without_feedback_in_the_year_the_latest_round_still_rectifying_is_named():
    round_with_measures("市委第一巡察组", dt.date(YEAR - 3, 3, 1))  # still open but older
    round_with_measures("市委第二巡察组", dt.date(YEAR - 2, 3, 1))  # open: the latest still rectifying
    round_with_measures("市委第四巡察组", dt.date(YEAR - 1, 3, 1), status="signed_off")  # all done
    round_with_measures("市委第六巡察组", dt.date(YEAR + 1, 3, 1))  # after the year
    assert compile_year(YEAR)["inspection_team"].text == "市委第二巡察组"


def test_no_round_at_all_is_flagged():
    figures = compile_year(YEAR)
    assert figures["inspection_team"].flagged and figures["inspection_measures"].flagged


def test_completion_and_overdue_extras():
    rnd = round_with_measures("市委第三巡察组", dt.date(YEAR, 3, 1), problems=4, measures=1)
    measures = list(Measure.objects.filter(problem__round=rnd).order_by("pk"))
    measures[0].status = "signed_off"
    measures[1].status = "long_term"
    measures[2].deadline_kind, measures[2].due_date = "long_term", None
    for m in measures[:3]:
        m.save()
    figures = compile_year(YEAR)
    assert figures["measures_closed"].value == 1
    assert figures["measures_long_term"].value == 2
    assert figures["measures_in_progress"].value == 1
    assert figures["completion_rate"].text == "50.0%"  # signed off + long-term mechanism, of 4
    assert figures["measures_overdue"].value == 1  # the dated one, due in 2023


@pytest.mark.parametrize(("n", "text"), [(7, "7件"), (19, "19件"), (20, "20件"), (137, "130余件")])
def test_petitions_handled_is_written_n_yu_jian(inspector, n, text):
    for i in range(n):
        petition_row(inspector, dt.date(YEAR, 1 + i % 12, 1), "服务态度")
    assert compile_year(YEAR)["petitions_handled"].text == text


def test_restricted_and_archived_petitions_are_not_counted(inspector):
    petition_row(inspector, dt.date(YEAR, 3, 1), "服务态度")
    petition_row(inspector, dt.date(YEAR, 3, 2), is_restricted=True, restricted_reason="superior", summary="")
    petition_row(inspector, dt.date(YEAR, 3, 3), "服务态度").archive()
    assert compile_year(YEAR)["petitions_handled"].value == 1


def test_petition_year_is_the_local_date_of_receipt(inspector):
    from django.utils import timezone

    from petitions.models import Petition

    # 00:30 on 1 January in Shanghai is still 31 December in UTC: it belongs to the new year
    p = petition_row(inspector, dt.date(YEAR, 1, 1))
    Petition.objects.filter(pk=p.pk).update(received_at=timezone.make_aware(dt.datetime(YEAR, 1, 1, 0, 30)))
    q = petition_row(inspector, dt.date(YEAR, 12, 31))
    Petition.objects.filter(pk=q.pk).update(received_at=timezone.make_aware(dt.datetime(YEAR, 12, 31, 23, 59)))
    assert compile_year(YEAR)["petitions_handled"].value == 2
    assert compile_year(YEAR - 1)["petitions_handled"].flagged


def test_criticised_departments_are_distinct_and_of_the_year(inspector):
    a, b, c = (DepartmentFactory(name=n) for n in ("受理一处", "督办处", "财务处"))
    p = petition_row(inspector, dt.date(YEAR, 2, 1), "服务态度")
    outcome_row(inspector, p, a, "named_criticism", dt.date(YEAR, 3, 1))
    outcome_row(inspector, petition_row(inspector, dt.date(YEAR, 2, 2)), a, "deadline_improvement", dt.date(YEAR, 4, 1))
    outcome_row(inspector, petition_row(inspector, dt.date(YEAR, 2, 3)), b, "deadline_improvement", dt.date(YEAR, 5, 1))
    outcome_row(inspector, petition_row(inspector, dt.date(YEAR, 2, 4)), c, "criticism", dt.date(YEAR, 5, 1))
    outcome_row(inspector, petition_row(inspector, dt.date(YEAR, 2, 5)), c, "named_criticism", dt.date(YEAR + 1, 1, 2))
    figures = compile_year(YEAR)
    assert figures["criticized_departments"].value == 2
    collect_ids(YEAR, figures)
    assert sorted(figures["criticized_departments"].ids) == sorted([a.pk, b.pk])


def test_recommendations_and_disposals_by_year(inspector):
    dept = DepartmentFactory(name="督办处")
    for on in (dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 31), dt.date(YEAR - 1, 12, 31), dt.date(YEAR + 1, 1, 1)):
        recommendation_row(inspector, dept, on)
    subject = PersonFactory()
    clue_row(inspector, subject, dt.date(YEAR, 3, 1), Clue.Disposal.TALK_INQUIRY)
    clue_row(inspector, subject, dt.date(YEAR, 4, 1), Clue.Disposal.TALK_INQUIRY)
    clue_row(inspector, subject, dt.date(YEAR, 5, 1), Clue.Disposal.CLOSE)
    clue_row(inspector, subject, dt.date(YEAR, 5, 2), Clue.Disposal.TRANSFER)  # not one of the four
    clue_row(inspector, subject, dt.date(YEAR + 1, 5, 1), Clue.Disposal.DEFER)
    figures = compile_year(YEAR)
    assert figures["recommendations_issued"].value == 2
    assert figures["clue_disposal_talk"].value == 2
    assert figures["clue_disposal_close"].value == 1
    assert figures["clue_disposal_shelve"].flagged and figures["clue_disposal_verify"].flagged


def test_top_five_petition_categories(inspector):
    counts = {"办事效率": 5, "服务态度": 4, "电话接听": 4, "作风纪律": 2, "业务差错": 1, "违反中央八项规定精神": 1}
    for name, n in counts.items():
        for _ in range(n):
            petition_row(inspector, dt.date(YEAR, 6, 1), name)
    for _ in range(9):
        petition_row(inspector, dt.date(YEAR + 1, 6, 1), "违反中央八项规定精神")
    figures = compile_year(YEAR)
    from petitions.models import Category

    order = {c.name: c.order for c in Category.objects.all()}
    # 服务态度 and 电话接听 tie at 4; so do 业务差错 and 违反中央八项规定精神 at 1: the configured order decides
    tie_1 = sorted(["服务态度", "电话接听"], key=order.get)
    fifth = min(["业务差错", "违反中央八项规定精神"], key=order.get)
    assert [figures[f"petition_category_{i}"].text for i in range(1, 6)] == ["办事效率", *tie_1, "作风纪律", fifth]
    assert figures["petition_category_1"].note == "5件"
