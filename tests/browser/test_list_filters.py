"""The list pages' filter forms, used as a person does: pick from a drop-down (the list updates in
place), type a search and press 筛选, go back. The untouched fields go along blank."""

import pytest

from organization.roles import Role
from petitions.models import Kind
from tests.discipline.factories import register_clue
from tests.factories import make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _rows(page):
    return page.locator("#results table tbody tr")


def test_inspector_filters_petitions_clues_and_measures(browser):
    inspector = make_user(Role.INSPECTOR, username="filters_e2e", person_name="纪检干部丙")
    register(inspector, kind=Kind.COMPLAINT, summary="投诉件甲")
    register(inspector, kind=Kind.SUGGESTION, summary="意见建议乙")
    register_clue(inspector, summary="反映某某违规收受礼金")
    register_clue(inspector, summary="反映某某违规操办宴席")
    first, second = RoundFactory(name="第一轮巡察"), RoundFactory(name="第二轮巡察")
    MeasureFactory(problem=ProblemFactory(round=first), content="第一轮的措施")
    MeasureFactory(problem=ProblemFactory(round=second), content="第二轮的措施")
    page = browser.login(inspector)

    page.goto("/petitions/")
    assert _rows(page).count() == 2
    page.select_option("select[name=kind]", "complaint")
    page.wait_for_url("**/petitions/?*kind=complaint*")
    assert page.locator(".form-errors").count() == 0
    assert _rows(page).count() == 1 and "投诉件甲" in _rows(page).first.inner_text()
    assert page.url.count("kind=") == 1  # the address holds the form once, not the old query again
    browser.shot("petition-list-filtered")
    page.go_back()
    page.wait_for_url("**/petitions/")
    page.reload()
    assert _rows(page).count() == 2

    page.goto("/clues/")
    page.fill("input[name=text]", "礼金")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/clues/?*text=*")
    assert page.locator(".form-errors").count() == 0
    assert _rows(page).count() == 1 and "礼金" in _rows(page).first.inner_text()

    page.goto("/rectification/measures/")
    page.select_option("select[name=round]", label="第二轮巡察")
    page.wait_for_url(f"**/rectification/measures/?*round={second.pk}*")
    assert page.locator(".form-errors").count() == 0
    assert _rows(page).count() == 1 and "第二轮的措施" in _rows(page).first.inner_text()
    page.click("form.filters a:has-text('清除')")
    page.wait_for_url("**/rectification/measures/?")
    assert _rows(page).count() == 2
