"""Issue 14 in the browser: an officer corrects a petition with a reason and finds it in the record;
an accepted 检举控告 becomes a 问题线索, and each page leads to the other."""

import pytest

from discipline.models import Clue
from organization.roles import Role
from petitions.models import Kind, Petition
from tests.factories import PersonFactory, make_user
from tests.petitions.factories import accepted, category, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_correct_a_petition_with_a_reason_and_see_it_in_the_record(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_correct", person_name="纪检干部甲")
    petition = register(inspector, summary="接线员态度生硬")
    page = browser.login(inspector)
    page.goto(f"/petitions/{petition.pk}/")

    step = page.locator("details[data-step=correct]")
    step.locator("summary").click()
    step.locator("textarea[name=correct-summary]").fill("窗口工作人员推诿扯皮")
    step.locator("button:has-text('更正登记信息')").click()
    # no reason: the browser holds the form back (the reason is required), what was typed stays
    assert page.locator("textarea[name=correct-reason]:invalid").count() == 1
    assert page.input_value("textarea[name=correct-summary]") == "窗口工作人员推诿扯皮"
    assert Petition.objects.get(pk=petition.pk).summary == "接线员态度生硬"

    page.fill("textarea[name=correct-reason]", "登记时听错了反映内容")
    page.locator("details[data-step=correct] button:has-text('更正登记信息')").click()
    page.locator("text=已更正").first.wait_for()
    timeline = page.locator(".timeline")
    timeline.locator("text=更正了内容摘要。理由：登记时听错了反映内容").wait_for()
    assert page.locator("dl.facts >> text=窗口工作人员推诿扯皮").count() == 1
    browser.shot("petition-corrected")
    assert Petition.objects.get(pk=petition.pk).summary == "窗口工作人员推诿扯皮"


def test_convert_an_accusation_to_a_clue_and_follow_the_links(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_clue", person_name="纪检干部乙")
    subject = PersonFactory(name="被反映人庚")
    petition = accepted(
        inspector, kind=Kind.ACCUSATION, category=category("违反中央八项规定精神"), subject_person=subject,
        summary="违规收受购物卡",
    )  # fmt: skip
    page = browser.login(inspector)
    page.goto(f"/petitions/{petition.pk}/")
    assert page.locator("details[data-step=transfer]").count() == 0  # 检举控告 are never transferred

    step = page.locator("details[data-step=to_clue]")
    step.locator("summary").click()
    step.locator("button:has-text('转为问题线索')").click()
    clue = Clue.objects.get(source_petition=petition)
    page.locator(f"text=已转为问题线索 {clue.number}").wait_for()
    assert page.locator("details[data-step=to_clue]").count() == 0  # offered once
    browser.shot("petition-made-a-clue")

    page.click(f"[data-testid=petition-clues] a:has-text('{clue.number}')")
    page.wait_for_url(f"**/clues/{clue.pk}/")
    page.locator("text=违规收受购物卡").first.wait_for()
    browser.shot("clue-from-petition")
    page.click("[data-testid=clue-petition]")
    page.wait_for_url(f"**/petitions/{petition.pk}/")
    page.locator("[data-testid=petition-status]:has-text('直接办理中')").wait_for()
