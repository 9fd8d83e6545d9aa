"""Workflow notifications arrive in the right person's bell, in Chromium: the office asks for 销号 → the
supervisor's bell counts it and the message (naming the round and 问题-措施) leads to the measure; the
supervisor signs off → the office's bell has the 已销号 message; the other department hears nothing."""

import pytest

from organization.roles import Role
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _unread(page):
    badge = page.locator("[data-testid=unread-count]")
    return int(badge.inner_text()) if badge.count() else 0


def test_sign_off_request_and_sign_off_reach_the_next_actors_bells(
    browser, dept_a, dept_b, tmp_path, _chromium, live_server, screenshot_dir
):
    from tests.browser.conftest import Browser

    supervisor = make_user(Role.SUPERVISOR, username="bell_boss", person_name="纪检组长乙")
    office = make_user(Role.OFFICE, departments=[dept_a], username="bell_office", person_name="联络员丙")
    stranger = make_user(Role.OFFICE, departments=[dept_b], username="bell_other", person_name="联络员丁")
    measure = MeasureFactory(
        problem=ProblemFactory(round=RoundFactory(name="2026年市委第二巡察组巡察"), text="学习制度执行不严"),
        lead_department=dept_a,
        content="修订学习制度并组织学习。",
    )
    code = f"问题{measure.problem.order}-措施{measure.order}"
    url = f"/rectification/measures/{measure.pk}/"

    page = browser.login(office)
    page.goto(url)
    page.fill("textarea[name=progress-text]", "已修订学习制度并印发。")
    page.click("button:has-text('提交进展')")
    page.locator("[data-testid=timeline]:has-text('已修订学习制度并印发')").wait_for()
    page.click("button:has-text('申请销号')")
    page.locator("[data-testid=measure-status]:has-text('申请销号')").wait_for()
    assert _unread(page) == 0  # the actor is not told of their own step

    boss = Browser(_chromium, live_server, screenshot_dir)
    try:
        page2 = boss.login(supervisor)
        page2.goto("/")
        assert _unread(page2) == 1
        page2.click("[data-testid=bell]")
        message = page2.locator(f"text=2026年市委第二巡察组巡察 · {code} 申请销号，请审核")
        message.wait_for()
        boss.shot("bell-sign-off-request")
        page2.locator("li", has=message).locator("button:has-text('查看事项')").click()
        page2.wait_for_url(f"**{url}")
        page2.fill("textarea[name=sign_off-note]", "同意销号。")
        page2.click("button:has-text('审核通过，予以销号')")
        page2.locator("[data-testid=measure-status]:has-text('已销号')").wait_for()
    finally:
        boss.close()

    page.goto("/notifications/")
    assert _unread(page) == 1
    page.locator(f"text={code} 已销号").wait_for()
    browser.shot("bell-signed-off")

    other = Browser(_chromium, live_server, screenshot_dir)
    try:
        page3 = other.login(stranger)
        page3.goto("/")
        assert _unread(page3) == 0  # another department hears nothing of it
    finally:
        other.close()


def test_a_transfer_and_a_letter_reach_the_receiving_department_only(
    browser, dept_a, dept_b, _chromium, live_server, screenshot_dir
):
    """转办 (done on the petition page) → the receiving department's liaison; 建议书 制发 → the target
    department; the liaison opens the 转办件 from the bell; the other department's liaison hears nothing."""
    from tests.browser.conftest import Browser
    from tests.discipline.factories import issued_recommendation
    from tests.petitions.factories import accepted

    supervisor = make_user(Role.SUPERVISOR, username="bell_boss2", person_name="纪检组长丙")
    office = make_user(Role.OFFICE, departments=[dept_a], username="bell_office2", person_name="联络员戊")
    stranger = make_user(Role.OFFICE, departments=[dept_b], username="bell_other2", person_name="联络员己")
    petition = accepted(supervisor, summary="窗口推诿")

    page = browser.login(supervisor)
    page.goto(f"/petitions/{petition.pk}/")
    step = page.locator("details[data-step=transfer]")
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    step.locator("select[name=transfer-department]").select_option(str(dept_a.pk))
    step.locator("textarea[name=transfer-summary]").fill("请核查窗口推诿问题并反馈")
    step.locator("button:has-text('转办')").click()
    page.locator(f"dd:has-text('{dept_a.name}')").first.wait_for()
    letter = issued_recommendation(supervisor, department=dept_a, title="关于加强窗口管理的建议")

    liaison = Browser(_chromium, live_server, screenshot_dir)
    try:
        page2 = liaison.login(office)
        page2.goto("/")
        assert _unread(page2) == 2
        page2.click("[data-testid=bell]")
        transfer = page2.locator(f"text={petition.number} 转办件已转至本部门")
        transfer.wait_for()
        page2.locator(f"text=纪律检查建议书{letter.number}已制发").wait_for()
        liaison.shot("bell-transfer-and-letter")
        assert "窗口推诿" not in page2.locator("main").inner_text()  # the bell names the number only
        page2.locator("li", has=transfer).locator("button:has-text('查看事项')").click()
        page2.wait_for_url(f"**/petitions/transfers/{petition.pk}/")
        page2.locator("text=请核查窗口推诿问题并反馈").wait_for()
    finally:
        liaison.close()

    other = Browser(_chromium, live_server, screenshot_dir)
    try:
        page3 = other.login(stranger)
        page3.goto("/")
        assert _unread(page3) == 0
    finally:
        other.close()
