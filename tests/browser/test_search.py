"""The top bar's search box, used as a person does: type, press Enter, read the groups, open one;
an office liaison's box finds only its own department's work."""

import pytest

from organization.roles import Role
from tests.discipline.factories import register_clue
from tests.factories import DepartmentFactory, make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_inspector_searches_from_the_top_bar_and_opens_a_result(browser):
    inspector = make_user(Role.INSPECTOR, username="search_e2e", person_name="纪检干部搜")
    petition = register(inspector, summary="反映某所公车私用问题")
    clue = register_clue(inspector, summary="反映某站长公车私用")
    dept = DepartmentFactory(name="车管科")
    MeasureFactory(
        problem=ProblemFactory(round=RoundFactory(name="2024年巡察")), content="清理公车私用", lead_department=dept
    )
    page = browser.login(inspector)

    page.goto("/")
    box = page.locator("header.topbar form.topbar-search input[name=q]")
    box.fill("公车私用")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    groups = page.locator("section.search-group")
    assert [groups.nth(i).get_attribute("data-kind") for i in range(groups.count())] == [
        "measures",
        "petitions",
        "clues",
    ]
    assert page.locator("h2", has_text="信访件").count() == 1
    petitions = page.locator("section.search-group[data-kind=petitions]")
    assert petition.number in petitions.inner_text()
    assert petitions.locator("[data-light]").count() == 1  # the light, with its word
    assert box.input_value() == "公车私用"  # the box keeps the term on the results page
    browser.shot("search-results")

    page.locator("section.search-group[data-kind=clues] a").first.click()
    page.wait_for_url(f"**/clues/{clue.pk}/")
    assert clue.summary in page.content()

    box = page.locator("header.topbar form.topbar-search input[name=q]")
    box.fill("   ")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "至少2个字" in page.locator("main").inner_text()
    box = page.locator("header.topbar form.topbar-search input[name=q]")
    box.fill("车")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "请至少输入2个字" in page.locator("[role=alert]").inner_text()
    browser.shot("search-too-short")


def test_office_liaison_finds_only_its_own_department(browser):
    inspector = make_user(Role.INSPECTOR, username="search_e2e_staff", person_name="纪检干部乙搜")
    mine, other = DepartmentFactory(name="一处"), DepartmentFactory(name="二处")
    office = make_user(Role.OFFICE, departments=[mine], username="search_e2e_office", person_name="联络员搜")
    rnd = RoundFactory(name="2024年巡察乙")
    MeasureFactory(problem=ProblemFactory(round=rnd, text="一处问题"), content="一处整治超标接待", lead_department=mine)
    MeasureFactory(
        problem=ProblemFactory(round=rnd, text="二处问题"), content="二处整治超标接待", lead_department=other
    )
    register(inspector, summary="反映超标接待")
    page = browser.login(office)
    page.goto("/")
    box = page.locator("header.topbar form.topbar-search input[name=q]")
    box.fill("超标接待")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    main = page.locator("main").inner_text()
    assert "一处整治超标接待" in main
    assert "二处整治超标接待" not in main and "反映超标接待" not in main
    browser.shot("search-office")
    page.locator("section.search-group[data-kind=measures] a").first.click()
    page.wait_for_url("**/rectification/measures/*/")
    assert "一处整治超标接待" in page.content()
