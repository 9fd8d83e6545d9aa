"""A clue names its source petition (number and link) only to a viewer who may see that petition.

The petition here is about the inspector (回避): the inspector may see the clue drawn from it
(the clue is about someone else) but not the petition; the supervisor may see both.
"""

import pytest
from django.test import Client
from django.urls import reverse

from discipline.models import Clue
from tests.discipline.factories import make_petition, register_clue

pytestmark = pytest.mark.django_db

NUMBER = "信〔2026〕16号"


@pytest.fixture
def clue(inspector, supervisor):
    petition = make_petition(supervisor, number=NUMBER, subject_person=inspector.person_obj)
    return register_clue(supervisor, source=Clue.Source.PETITION, source_petition=petition, summary="线索甲")


def _page(user, url, **params):
    client = Client()
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _petition_url(clue):
    return reverse("web:petition-detail", args=[clue.source_petition_id])


def test_the_detail_page_hides_a_petition_the_viewer_may_not_see(clue, inspector):
    html = _page(inspector, reverse("web:clue-detail", args=[clue.pk]))
    assert "线索甲" in html  # the clue itself is shown
    assert NUMBER not in html and _petition_url(clue) not in html and 'data-testid="clue-petition"' not in html


def test_the_detail_page_names_and_links_a_visible_petition(clue, supervisor):
    html = _page(supervisor, reverse("web:clue-detail", args=[clue.pk]))
    assert NUMBER in html and f'href="{_petition_url(clue)}" data-testid="clue-petition"' in html


def test_the_list_hides_a_petition_the_viewer_may_not_see(clue, inspector, supervisor):
    hidden = _page(inspector, reverse("web:clue-list"))
    assert clue.number in hidden and NUMBER not in hidden and _petition_url(clue) not in hidden
    shown = _page(supervisor, reverse("web:clue-list"))
    assert NUMBER in shown


def test_the_api_hides_a_petition_the_viewer_may_not_see(clue, inspector, supervisor, api_as):
    for url in (reverse("clue-detail", args=[clue.pk]), reverse("clue-list")):
        body = api_as(inspector).get(url).json()
        row = body if "results" not in body else next(r for r in body["results"] if r["id"] == clue.pk)
        assert row["source_petition"] is None and row["source_petition_number"] is None, url
        body = api_as(supervisor).get(url).json()
        row = body if "results" not in body else next(r for r in body["results"] if r["id"] == clue.pk)
        assert row["source_petition"] == clue.source_petition_id and row["source_petition_number"] == NUMBER, url


def test_the_list_resolves_visibility_in_its_own_query(clue, inspector, supervisor, django_assert_num_queries):
    # more rows from more petitions cost no more queries (the number is read with the rows)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(inspector)
    client.get(reverse("web:clue-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("web:clue-list"))
    for i in range(5):
        petition = make_petition(supervisor, number=f"信〔2026〕{100 + i}号")
        register_clue(supervisor, source=Clue.Source.PETITION, source_petition=petition)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(reverse("web:clue-list")).content.decode()
    assert "信〔2026〕104号" in html and NUMBER not in html


def test_the_ledger_export_hides_a_petition_the_viewer_may_not_see(clue, inspector, supervisor):
    import io

    from openpyxl import load_workbook

    from discipline.exports import clue_ledger
    from discipline.selectors.clues import clue_queryset

    def cells(user):
        content, _ = clue_ledger(clue_queryset(user=user))
        sheet = load_workbook(io.BytesIO(content)).active
        return {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}

    assert NUMBER not in cells(inspector)
    assert NUMBER in cells(supervisor)
