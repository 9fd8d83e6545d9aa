"""The filter forms of the list pages, sent as a browser sends them: every field of the form in
the query string, the untouched ones blank ("全部"). A blank drop-down is no filter, never an error."""

import re

import pytest
from django.urls import reverse

from organization.roles import Role
from petitions.models import Kind
from tests.discipline.factories import draft_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db

# page -> the form's fields (as web/views declare them), one filled with a value that keeps the first
# item and drops the second
PAGES = {
    "web:petition-list": ("kind", "complaint"),
    "web:clue-list": ("text", "礼金"),
    "web:recommendation-list": ("text", "合同"),
    "web:measure-list": ("round", None),  # the first round's id
}


def _form_fields(html):
    form = re.search(r'<form method="get" class="filters".*?</form>', html, re.S).group(0)
    return sorted(set(re.findall(r'name="([a-z_]+)"', form)))


@pytest.fixture
def listed(dept_a):
    inspector = make_user(Role.INSPECTOR, username="filters_inspector", person_name="纪检干部甲")
    register(inspector, kind=Kind.COMPLAINT, summary="投诉件甲")
    register(inspector, kind=Kind.SUGGESTION, summary="意见建议乙")
    register_clue(inspector, summary="反映某某违规收受礼金")
    register_clue(inspector, summary="反映某某违规操办宴席")
    draft_recommendation(inspector, title="关于规范公务接待的建议", department=dept_a)
    draft_recommendation(inspector, title="关于加强合同管理的建议", department=dept_a)
    first, second = RoundFactory(), RoundFactory()
    MeasureFactory(problem=ProblemFactory(round=first))
    MeasureFactory(problem=ProblemFactory(round=second))
    inspector.first_round = first
    return inspector


@pytest.mark.parametrize("page", PAGES)
def test_the_whole_blank_form_lists_everything(client_as, listed, page):
    client = client_as(listed)
    first = client.get(reverse(page))
    assert first.status_code == 200
    fields = _form_fields(first.content.decode())
    assert len(fields) >= 3
    blank = client.get(reverse(page), dict.fromkeys(fields, ""))
    assert blank.status_code == 200, blank.content.decode()[:2000]
    assert 'class="form-errors"' not in blank.content.decode()
    assert blank.context["page"].paginator.count == first.context["page"].paginator.count >= 2


@pytest.mark.parametrize("page", PAGES)
def test_one_field_chosen_and_the_rest_blank_filters(client_as, listed, page):
    client = client_as(listed)
    fields = _form_fields(client.get(reverse(page)).content.decode())
    name, value = PAGES[page]
    value = value or str(listed.first_round.pk)
    assert name in fields
    response = client.get(reverse(page), {**dict.fromkeys(fields, ""), name: value})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_a_bad_value_still_shows_its_error(client_as, listed):
    response = client_as(listed).get(reverse("web:petition-list"), {"kind": "nonsense", "status": ""})
    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_the_form_asks_htmx_for_the_path_without_the_old_query(client_as, listed):
    html = client_as(listed).get(reverse("web:petition-list"), {"kind": "complaint"}).content.decode()
    assert f'hx-get="{reverse("web:petition-list")}"' in html
