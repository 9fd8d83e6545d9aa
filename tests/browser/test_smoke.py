import pytest

from organization.roles import Role
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_form_then_navigation_by_role_on_a_phone(browser):
    # Given an office liaison with a password
    make_user(Role.OFFICE, username="liaison", person_name="联络员丙")
    page = browser.open("/")
    # When they log in through the form on a phone-sized screen
    page.set_viewport_size({"width": 390, "height": 844})
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
