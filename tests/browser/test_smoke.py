import pytest

from organization.roles import Role
from tests.factories import PASSWORD, make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_form_then_navigation_by_role_on_a_phone(browser, dept_a):
    # Given an office liaison with a password and a measure of their department
    make_user(Role.OFFICE, departments=[dept_a], username="liaison", person_name="联络员丙")
    problem = ProblemFactory(round=RoundFactory(name="2021年市委第三巡察组巡察"), text="理论学习中心组学习以读文件为主")
    MeasureFactory(
        problem=problem,
        lead_department=dept_a,
        content="修订《党组理论学习中心组学习计划》，每季度至少开展一次专题研讨。",
    )
    page = browser.open("/")
    # When they log in through the form on a phone-sized screen (375 px, the narrowest common)
    page.set_viewport_size({"width": 375, "height": 812})
    page.fill("input[name=username]", "liaison")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # Then they land on 我的待办 and the menu opens from the ☰ button
    page.get_by_role("heading", name="我的待办").wait_for()
    assert not page.locator("nav.sidenav").is_visible()
    page.click("label.nav-button")
    assert page.locator("nav.sidenav").is_visible()
    nav = page.locator("nav.sidenav").inner_text()
    assert "工作台" in nav
    assert "导入台账" not in nav and "登记信访件" not in nav
    # and a list page fits the phone: nothing wider than the screen but the table, which scrolls
    # inside its frame with readable columns, and the top bar's name and 退出 on one line each
    page.goto("/rectification/measures/")
    layout = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            who: document.querySelector('.topbar .who').getBoundingClientRect().height,
            logout: document.querySelector('.topbar .link-button').getBoundingClientRect().height,
            content: document.querySelector('.table-wrap tbody td:has(> a)').getBoundingClientRect().width,
        })"""
    )
    browser.shot("phone-measure-list")
    assert layout["page"] <= 375, layout
    assert layout["logout"] < 40 and layout["who"] < 30, layout  # 退出 and the name on one line, not 退/出
    assert layout["content"] >= 150, layout  # not two characters a line


def test_the_bell_count_follows_without_a_reload(browser):
    # Given an office liaison on 我的待办 with nothing unread
    from reminders.models import Notification

    user = make_user(Role.OFFICE, username="liaison_bell", person_name="联络员丁")
    page = browser.login(user)
    page.clock.install()
    page.goto("/")
    assert page.locator("[data-testid=unread-count]").count() == 0
    # When a reminder arrives and a minute passes (the browser's clock, not the test's time)
    Notification.objects.create(user=user, title="整改措施即将到期")
    page.clock.run_for(61_000)
    # Then the bell shows it, on the same page, and keeps polling
    page.locator("[data-testid=unread-count]:has-text('1')").wait_for()
    Notification.objects.create(user=user, title="第二条提醒")
    page.clock.run_for(61_000)
    page.locator("[data-testid=unread-count]:has-text('2')").wait_for()
    assert page.get_by_role("heading", name="我的待办").is_visible()
