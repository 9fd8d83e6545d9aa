"""Rounds, aspects and problems over the API: writes by inspectors, derived counts, the round's rules."""

import datetime as dt

import pytest
from django.urls import reverse

from deadlines.models import DeadlineRule
from rectification.models import Aspect, InspectionRound, MeasureStatus, Problem
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory

ROUNDS = reverse("rectification-round-list")
ASPECTS = reverse("rectification-aspect-list")
PROBLEMS = reverse("rectification-problem-list")


def test_create_round_takes_its_dates_from_the_rules(inspector, api_as):
    response = api_as(inspector).post(
        ROUNDS, {"name": "2021年市委第三巡察组巡察", "inspection_team": "市委第三巡察组", "feedback_date": "2021-09-15"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # round-report: 2 个月 from 2021-09-15 → 2021-11-15 (a Monday); the concentrated period defaults to it
    assert (body["report_due_date"], body["rectification_end"]) == ("2021-11-15", "2021-11-15")
    rules = {r["code"]: r for r in body["deadline_rules"]}
    assert rules["round-report"]["period"] == "2个月"
    assert rules["round-report"]["legal_basis"].startswith("《中国共产党巡视工作条例》")
    assert rules["measure-immediate"]["due_date"] == "2021-10-15"
    assert InspectionRound.objects.get().history.get().history_user == inspector


def test_round_report_date_follows_the_rule_until_submitted(inspector, api_as, django_capture_on_commit_callbacks):
    body = api_as(inspector).post(ROUNDS, {"name": "某轮", "feedback_date": "2021-09-15"}).json()
    with django_capture_on_commit_callbacks(execute=True):
        rule = DeadlineRule.objects.get(code="round-report")
        rule.amount = 3
        rule.save()
    assert InspectionRound.objects.get(pk=body["id"]).report_due_date == dt.date(2021, 12, 15)
    shown = api_as(inspector).get(reverse("rectification-round-detail", args=[body["id"]])).json()
    assert {r["code"]: r["period"] for r in shown["deadline_rules"]}["round-report"] == "3个月"


def test_changing_the_feedback_date_recomputes_the_round_and_its_immediate_measures(inspector, api_as, dept_a):
    client = api_as(inspector)
    rnd = client.post(ROUNDS, {"name": "某轮", "feedback_date": "2021-09-15"}).json()
    problem = client.post(PROBLEMS, {"round": rnd["id"], "text": "问题"}).json()
    measure = client.post(
        reverse("rectification-measure-list"),
        {"problem": problem["id"], "content": "立行立改", "deadline_kind": "immediate"},
        format="json",
    ).json()
    assert measure["due_date"] == "2021-10-15"
    patched = client.patch(reverse("rectification-round-detail", args=[rnd["id"]]), {"feedback_date": "2021-10-08"})
    assert patched.json()["report_due_date"] == "2021-12-08"
    detail = client.get(reverse("rectification-measure-detail", args=[measure["id"]])).json()
    assert detail["due_date"] == "2021-11-08"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "feedback_date": "2021-09-15", "rectification_end": "2021-09-01"}, "rectification_end"),
        ({"name": "x", "feedback_date": "15.09.2021"}, "feedback_date"),
    ],
)
def test_round_validation(inspector, api_as, payload, field):
    response = api_as(inspector).post(ROUNDS, payload)
    assert response.status_code == 400
    assert field in response.json()["detail"]


def test_duplicate_round_name(inspector, api_as, rnd):
    response = api_as(inspector).post(ROUNDS, {"name": rnd.name})
    assert response.status_code == 400
    assert "name" in response.json()["detail"]


@pytest.mark.parametrize("who", ["office_a", "leader", "admin_user"])
def test_only_discipline_staff_create(request, api_as, who):
    client = api_as(request.getfixturevalue(who))
    assert client.post(ROUNDS, {"name": "x"}).status_code == 403
    assert not InspectionRound.objects.exists()


def test_aspects_are_two_levels_in_one_round(inspector, api_as, rnd):
    client = api_as(inspector)
    top = client.post(ASPECTS, {"round": rnd.pk, "title": "党的政治建设方面"}).json()
    sub = client.post(ASPECTS, {"round": rnd.pk, "title": "理论学习", "parent": top["id"]}).json()
    assert (top["level"], sub["level"], sub["order"]) == (1, 2, 1)
    third = client.post(ASPECTS, {"round": rnd.pk, "title": "第三级", "parent": sub["id"]})
    assert third.status_code == 400 and "parent" in third.json()["detail"]
    other = RoundFactory(name="别轮")
    cross = client.post(ASPECTS, {"round": other.pk, "title": "跨轮", "parent": top["id"]})
    assert cross.status_code == 400
    moved = client.patch(reverse("rectification-aspect-detail", args=[top["id"]]), {"round": other.pk})
    assert moved.status_code == 400
    assert Aspect.objects.get(pk=top["id"]).round_id == rnd.pk


def test_problem_similar_to_must_be_an_earlier_round(inspector, api_as, rnd):
    earlier = ProblemFactory(round=RoundFactory(name="上轮", feedback_date=dt.date(2019, 5, 1)), text="上轮问题")
    later = ProblemFactory(round=RoundFactory(name="下轮", feedback_date=dt.date(2023, 5, 1)), text="下轮问题")
    client = api_as(inspector)
    ok = client.post(PROBLEMS, {"round": rnd.pk, "text": "本轮问题", "similar_to": earlier.pk})
    assert ok.status_code == 201, ok.content
    assert ok.json()["similar_to_round"] == "上轮"
    assert client.post(PROBLEMS, {"round": rnd.pk, "text": "x", "similar_to": later.pk}).status_code == 400
    same = ProblemFactory(round=rnd)
    assert client.post(PROBLEMS, {"round": rnd.pk, "text": "x", "similar_to": same.pk}).status_code == 400


def test_problem_status_and_round_completion_derive_from_measures(rnd, inspector, api_as, today):
    done = ProblemFactory(round=rnd)
    MeasureFactory(problem=done, status=MeasureStatus.SIGNED_OFF)
    MeasureFactory(problem=done, status=MeasureStatus.LONG_TERM, deadline_kind="long_term", due_date=None)
    half = ProblemFactory(round=rnd)
    MeasureFactory(problem=half, status=MeasureStatus.SIGNED_OFF)
    MeasureFactory(problem=half, status=MeasureStatus.NOT_STARTED, due_date=today - dt.timedelta(days=3))
    untouched = ProblemFactory(round=rnd)
    MeasureFactory(problem=untouched)
    client = api_as(inspector)
    statuses = {p["id"]: p["status"] for p in client.get(PROBLEMS, {"round": rnd.pk}).json()["results"]}
    assert statuses == {done.pk: "done", half.pk: "in_progress", untouched.pk: "not_started"}
    stats = client.get(reverse("rectification-round-detail", args=[rnd.pk])).json()["stats"]
    assert stats == {
        "problem_total": 3,
        "problem_done": 1,
        "problem_rate": 33.3,
        "measure_total": 5,
        "measure_done": 3,
        "measure_rate": 60.0,
        "measure_overdue": 1,
        "extension_count": 0,
    }


def test_round_problem_and_aspect_lists_cost_fixed_queries(inspector, api_as, django_assert_max_num_queries):
    """35 rounds / 35 problems / 35 aspects, each with measures.

    Rounds: actor (4) + policy (1) + count (1) + page with its correlated counts (1) + the
    round rules and calendar for deadline_rules (rules 1, calendar years 1, calendar days 1) = 10.
    Problems: actor (4) + policy (1) + count + page = 7. Aspects: actor + count + page = 6.
    """
    for i in range(35):
        rnd = RoundFactory(name=f"轮{i}")
        aspect = AspectFactory(round=rnd)
        problem = ProblemFactory(round=rnd, aspect=aspect)
        MeasureFactory(problem=problem)
    client = api_as(inspector)
    with django_assert_max_num_queries(10):
        assert len(client.get(ROUNDS, {"page_size": 100}).json()["results"]) == 35
    with django_assert_max_num_queries(7):
        assert len(client.get(PROBLEMS, {"page_size": 100}).json()["results"]) == 35
    with django_assert_max_num_queries(6):
        assert len(client.get(ASPECTS, {"page_size": 100}).json()["results"]) == 35


def test_problem_filters_are_strict(inspector, api_as, rnd):
    assert api_as(inspector).get(PROBLEMS, {"round": "x"}).status_code == 400
    assert api_as(inspector).get(PROBLEMS, {"aspect": 424242}).status_code == 400
    assert api_as(inspector).get(ASPECTS, {"level": "3"}).status_code == 400
    assert api_as(inspector).get(ROUNDS, {"ordering": "notes"}).status_code == 400


def test_problem_write(inspector, api_as, rnd):
    aspect = AspectFactory(round=rnd)
    created = api_as(inspector).post(PROBLEMS, {"round": rnd.pk, "aspect": aspect.pk, "text": "问题"}).json()
    assert created["order"] == 1 and created["aspect_title"] == aspect.title
    foreign = AspectFactory(round=RoundFactory(name="别的"))
    url = reverse("rectification-problem-detail", args=[created["id"]])
    assert api_as(inspector).patch(url, {"aspect": foreign.pk}).status_code == 400
    assert api_as(inspector).patch(url, {"text": "改后的问题"}).json()["text"] == "改后的问题"
    assert Problem.objects.get().history.count() == 2


def test_an_archived_round_leaves_every_list(rnd, measure_a, inspector, api_as):
    rnd.archive()
    client = api_as(inspector)
    for name in ("round", "problem", "measure"):
        assert client.get(reverse(f"rectification-{name}-list")).json()["count"] == 0, name
    assert client.get(reverse("rectification-round-detail", args=[rnd.pk])).status_code == 404
    assert rnd.history.first().archived_at is not None  # archived, with history — never deleted
