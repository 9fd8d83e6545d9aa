"""Breadcrumbs on the detail pages: the path to the record, each crumb a link only where the viewer may go."""

import re

import pytest
from django.urls import reverse

from discipline.models import Clue
from tests.discipline.factories import draft_recommendation, make_petition, register_clue
from tests.factories import DepartmentFactory
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


def crumbs(response):
    """[(label, href or None)] of the page's breadcrumbs."""
    assert response.status_code == 200
    html = response.content.decode()
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert nav, "no breadcrumbs on the page"
    items = re.findall(r"<li>(.*?)</li>", nav.group(0), re.S)
    out = []
    for item in items:
        link = re.match(r'<a href="([^"]+)">(.*)</a>$', item)
        out.append((link.group(2), link.group(1)) if link else (re.sub(r"<[^>]+>", "", item), None))
    return out


@pytest.fixture
def measure_a(dept_a):
    rnd = RoundFactory(name="2021年市委第三巡察组巡察")
    top = AspectFactory(round=rnd, title="一、党的政治建设方面")
    aspect = AspectFactory(round=rnd, parent=top, title="（一）理论学习方面")
    problem = ProblemFactory(round=rnd, aspect=aspect, text="理论学习不深入")
    return MeasureFactory(problem=problem, lead_department=dept_a, content="完善中心组学习制度")


@pytest.mark.parametrize("who", ["inspector", "office_a"])
def test_a_measure_shows_round_aspects_and_problem(client_as, measure_a, who, request):
    user = request.getfixturevalue(who)
    rnd = measure_a.problem.round
    got = crumbs(client_as(user).get(reverse("web:measure-detail", args=[measure_a.pk])))
    assert got == [
        ("巡察轮次", reverse("web:round-list")),
        ("2021年市委第三巡察组巡察", reverse("web:round-detail", args=[rnd.pk])),
        ("一、党的政治建设方面", None),
        ("（一）理论学习方面", None),
        ("理论学习不深入", None),
        ("完善中心组学习制度", None),
    ]


def test_a_round_page_leads_back_to_the_rounds(client_as, leader, measure_a):
    rnd = measure_a.problem.round
    got = crumbs(client_as(leader).get(reverse("web:round-detail", args=[rnd.pk])))
    assert got == [("巡察轮次", reverse("web:round-list")), (rnd.name, None)]


def test_a_clue_links_to_the_petition_it_came_from(client_as, inspector):
    petition = make_petition(inspector, number="信〔2026〕15号")
    clue = register_clue(inspector, source=Clue.Source.PETITION, source_petition=petition)
    got = crumbs(client_as(inspector).get(reverse("web:clue-detail", args=[clue.pk])))
    assert got == [
        ("问题线索", reverse("web:clue-list")),
        ("来源信访件 信〔2026〕15号", reverse("web:petition-detail", args=[petition.pk])),
        (clue.number, None),
    ]


def test_a_clue_never_names_a_petition_the_viewer_may_not_see(client_as, inspector, supervisor):
    # the petition is about the inspector (回避); the clue drawn from it is about someone else
    petition = make_petition(supervisor, number="信〔2026〕16号", subject_person=inspector.person_obj)
    clue = register_clue(supervisor, source=Clue.Source.PETITION, source_petition=petition)
    response = client_as(inspector).get(reverse("web:clue-detail", args=[clue.pk]))
    assert crumbs(response) == [("问题线索", reverse("web:clue-list")), (clue.number, None)]
    # (nor does the page body: tests/discipline/test_clue_source_petition.py)
    # the supervisor may see it: the link is there
    shown = crumbs(client_as(supervisor).get(reverse("web:clue-detail", args=[clue.pk])))
    assert ("来源信访件 信〔2026〕16号", reverse("web:petition-detail", args=[petition.pk])) in shown


def test_a_recommendation_names_its_department(client_as, inspector):
    rec = draft_recommendation(inspector, department=DepartmentFactory(name="办公室"))
    got = crumbs(client_as(inspector).get(reverse("web:recommendation-detail", args=[rec.pk])))
    assert got[:2] == [("纪律检查建议书", reverse("web:recommendation-list")), ("办公室", None)]
    assert got[-1][1] is None


def test_a_petition_leads_back_to_the_petitions(client_as, inspector):
    petition = make_petition(inspector, number="信〔2026〕17号")
    got = crumbs(client_as(inspector).get(reverse("web:petition-detail", args=[petition.pk])))
    assert got == [("信访件", reverse("web:petition-list")), ("信〔2026〕17号", None)]
