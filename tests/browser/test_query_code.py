"""查询码 in the browser: register with a code, land on the printable 受理告知书, read the code off it,
look it up on 查询码查询 (stage and due date only), and see the lookup in the log."""

import pytest

from organization.roles import Role
from petitions.models import Petition, QueryCodeLookup
from tests.browser.test_resubmit_and_conflict import _fill_intake
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_register_with_a_code_print_the_notice_and_look_it_up(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_code", person_name="纪检干部甲")
    page = browser.login(inspector)
    page.goto("/petitions/new/")
    _fill_intake(page)
    page.check("input[name=issue_query_code]")
    page.click("button:has-text('登记')")

    page.locator("[data-testid=notice]").wait_for()
    petition = Petition.objects.get()
    assert page.url.endswith(f"/petitions/{petition.pk}/notice/")
    code = page.locator("[data-testid=notice-code]").inner_text().strip()
    assert len(code) == 14 and code.count("-") == 2
    page.locator("text=已发放查询码").first.wait_for()
    browser.shot("query-code-notice")
    page.emulate_media(media="print")
    assert not page.locator("[data-print]").is_visible()  # the toolbar is not printed
    browser.shot("query-code-notice-print")
    page.emulate_media(media="screen")

    page.click("a:has-text('返回信访件')")
    page.locator("[data-testid=query-code] >> text=重新发放查询码").wait_for()
    page.click("nav.sidenav a:has-text('查询码查询')")
    page.fill("input[name=code]", code.lower().replace("-", " "))
    page.click("button:has-text('查询')")
    page.locator("[data-testid=lookup-stage]").wait_for()
    assert "已收到" in page.locator("[data-testid=lookup-stage]").inner_text()
    answer = page.locator("[data-testid=lookup-answer]").inner_text()
    assert petition.number not in answer and "热线接线员态度生硬" not in answer
    page.fill("input[name=code]", "AAAA-BBBB-CCCC")
    page.click("button:has-text('查询')")
    page.locator("[data-testid=lookup-miss]:has-text('未查到，请核对查询码')").wait_for()
    assert page.locator("[data-testid=lookup-log] tbody tr").count() == 2
    browser.shot("query-code-lookup")
    assert list(QueryCodeLookup.objects.order_by("at").values_list("found", flat=True)) == [True, False]
    assert browser.errors == []
