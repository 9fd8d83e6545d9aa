"""亮灯 without a deadline: only a 长期坚持 measure is "长期坚持"; a petition or clue without a due
date shows no light at all; a replied 建议书 is not 已办结 (grey) but has no running deadline."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from deadlines.light import Light
from discipline.models import Clue
from discipline.services import recommendations as rec_services
from petitions.models import Petition
from rectification.models import DeadlineKind
from tests.discipline.factories import issued_recommendation, register_clue
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _light_cell(html, marker):
    """The light markup of the table row holding ``marker``."""
    row = next(r for r in html.split("<tr") if marker in r)
    return re.search(r'<span class="[^"]*" data-light="[a-z]+"[^>]*>[^<]*</span>', row).group(0)


def test_a_petition_without_a_due_date_shows_no_light(client_as, inspector):
    petition = register(inspector, summary="无期限的信访件")
    Petition.objects.filter(pk=petition.pk).update(next_due=None)  # open, owing no date
    html = client_as(inspector).get(reverse("web:petition-list")).content.decode()
    cell = _light_cell(html, petition.number)
    assert 'data-light="none"' in cell and "长期坚持" not in cell
    assert "light-none" not in cell  # no light, not a hollow one
    detail = client_as(inspector).get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert "长期坚持" not in detail


def test_a_clue_without_a_due_date_shows_no_light(client_as, inspector):
    clue = register_clue(inspector, summary="无期限的线索")
    Clue.objects.filter(pk=clue.pk).update(due_date=None, due_kind="")
    clue.refresh_from_db()
    html = client_as(inspector).get(reverse("web:clue-list")).content.decode()
    cell = _light_cell(html, f'href="{reverse("web:clue-detail", args=[clue.pk])}"')
    assert 'data-light="none"' in cell and "长期坚持" not in cell


def test_only_a_long_term_measure_reads_changqi_jianchi(client_as, inspector):
    problem = ProblemFactory(round=RoundFactory())
    long_term = MeasureFactory(problem=problem, deadline_kind=DeadlineKind.LONG_TERM, due_date=None, content="长效措施")
    dated = MeasureFactory(problem=problem, due_date=timezone.localdate() + dt.timedelta(days=90), content="限期措施")
    html = client_as(inspector).get(reverse("web:measure-list")).content.decode()
    assert "长期坚持" in _light_cell(html, long_term.content)
    assert 'data-light="green"' in _light_cell(html, dated.content)
    # the measures' filter still offers 长期坚持, and it lists exactly the long-term one
    rows = client_as(inspector).get(reverse("web:measure-list"), {"light": Light.NONE}).context["page"]
    assert [m.pk for m in rows] == [long_term.pk]


def test_a_replied_letter_is_neither_grey_nor_yijiejie(client_as, inspector, supervisor, dept_a):
    rec = issued_recommendation(inspector, department=dept_a)
    rec = rec_services.recommendation_reply(user=inspector, rec=rec, reply_text="已整改")
    client = client_as(inspector)
    html = client.get(reverse("web:recommendation-list")).content.decode()
    cell = _light_cell(html, f'href="{reverse("web:recommendation-detail", args=[rec.pk])}"')
    assert 'data-light="none"' in cell and "已办结" not in cell
    grey = client.get(reverse("web:recommendation-list"), {"light": Light.GREY}).context["page"]
    none = client.get(reverse("web:recommendation-list"), {"light": Light.NONE}).context["page"]
    assert list(grey) == [] and [r.pk for r in none] == [rec.pk]
