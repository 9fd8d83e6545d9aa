"""Issue 17 in the browser: the registrar sees the 疑似重复件 card, confirms one, and the petition
links its original; the other suggestion is set aside."""

import pytest

from organization.roles import Role
from petitions import repeats
from petitions.models import Kind, Petition, RepeatSuggestion
from tests.factories import make_user
from tests.petitions.factories import received, register
from tests.petitions.repeat_helpers import department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_confirm_a_repeat_on_the_petition_page(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_repeat", person_name="纪检干部丙")
    dept = department()
    first = register(
        inspector, kind=Kind.ACCUSATION, received_at=received(20), subject_department=dept,
        summary="反映服务大厅窗口工作人员态度生硬推诿扯皮",
    )  # fmt: skip
    second = register(inspector, kind=Kind.ACCUSATION, received_at=received(10), summary="另一件事")
    later = register(
        inspector, kind=Kind.ACCUSATION, received_at=received(1), subject_department=dept,
        summary="再次反映服务大厅窗口工作人员态度生硬推诿扯皮",
    )  # fmt: skip
    repeats.suggest(later)
    page = browser.login(inspector)
    page.goto(f"/petitions/{later.pk}/")

    card = page.locator("[data-testid=repeats]")
    rows = card.locator("[data-testid=repeat-suggestion]")
    assert rows.count() == 2
    first_row = rows.filter(has_text=first.number)
    assert "同一反映人" in first_row.inner_text() and "同一被反映对象且内容相近" in first_row.inner_text()
    assert "%" in first_row.inner_text()  # the similarity
    browser.shot("petition-repeat-suggestions")

    first_row.locator("button:has-text('确认重复')").click()
    page.locator("text=已确认为重复件").first.wait_for()

    link = page.locator("[data-testid=repeat-of] a")
    assert link.inner_text() == first.number
    assert page.locator("[data-testid=repeat-suggestion]").count() == 0  # nothing left pending
    page.locator(".timeline >> text=确认为").first.wait_for()
    browser.shot("petition-repeat-confirmed")
    after = Petition.objects.get(pk=later.pk)
    assert after.repeat_of_id == first.pk and after.notify_due is None
    states = dict(RepeatSuggestion.objects.filter(petition=later).values_list("original_id", "state"))
    assert states == {first.pk: RepeatSuggestion.State.CONFIRMED, second.pk: RepeatSuggestion.State.DISMISSED}

    link.click()
    page.wait_for_url(f"**/petitions/{first.pk}/")
