"""工作台 in Chromium: a leader clicks a bar of 各部门逾期措施 and lands on the measures list with
the bar's count; a box's number opens its list with that count; desktop and 375 px shots."""

import re

import pytest

from petitions.models import Category
from tests.browser.conftest import Browser
from tests.petitions.factories import register
from tests.web.dashboard_seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _list_total(page):
    return int(re.search(r"共 (\d+) 条", page.locator("main").inner_text()).group(1))


def _click_bar(page, chart_id, index):
    """Click the middle of bar ``index`` (its pixel position from the chart itself)."""
    page.locator(f"#{chart_id}[data-ready=true]").wait_for()
    x, y = page.evaluate(
        """([id, i]) => {
            const el = document.getElementById(id), chart = echarts.getInstanceByDom(el);
            const value = chart.getOption().series[0].data[i];
            const [px, py] = chart.convertToPixel({seriesIndex: 0}, [i, value / 2]);
            const box = el.getBoundingClientRect();
            return [box.left + px, box.top + py];
        }""",
        [chart_id, index],
    )
    page.mouse.click(x, y)


def test_leader_clicks_an_overdue_bar_and_lands_on_its_list(browser, people, dept_a, dept_b, screenshot_dir,
                                                            _chromium, live_server):  # fmt: skip
    seed(people["inspector"], people["supervisor"], [dept_a, dept_b])
    for n, category in enumerate(Category.objects.order_by("pk")[:9]):  # a pie of many slices
        for _ in range(n % 3 + 1):
            register(people["inspector"], category=category)
    page = browser.login(people["leader"])
    page.goto("/")
    page.locator("#chart-overdue[data-ready=true]").wait_for()
    browser.shot("dashboard-leader-desktop")
    data = page.evaluate("JSON.parse(document.getElementById('chart-data').textContent).overdue")
    index = data["labels"].index(dept_a.name)
    expected = data["series"][0]["data"][index]
    assert expected > 0
    _click_bar(page, "chart-overdue", index)
    page.wait_for_url(re.compile(r"/rectification/measures/\?"))
    assert "light=red" in page.url and "lead_department=" in page.url
    assert _list_total(page) == expected

    # a box's number: the leader's 临近期限 of 整改措施 opens the yellow measures list, same count
    page.goto("/")
    link = page.locator("[data-testid=box-measures-yellow]")
    shown = int(link.get_attribute("data-count"))
    link.click()
    page.wait_for_url(re.compile(r"light=yellow"))
    assert _list_total(page) == shown == 2

    phone = Browser(_chromium, live_server, screenshot_dir, width=375, height=800)
    try:
        small = phone.login(people["leader"])
        small.goto("/")
        small.locator("#chart-categories[data-ready=true]").wait_for()
        phone.shot("dashboard-leader-375")
        # nothing wider than the screen: the page does not scroll sideways
        assert small.evaluate("document.documentElement.scrollWidth") <= 375
        # the pie's legend is one plain block (no paging arrows), below the pie
        assert small.locator("#chart-categories svg text", has_text=re.compile(r"^\d+/\d+$")).count() == 0
        assert not phone.errors, phone.errors
    finally:
        phone.close()


@pytest.fixture
def people(dept_a):
    from organization.roles import Role
    from tests.factories import make_user

    return {
        "inspector": make_user(Role.INSPECTOR, username="jijian_dash", person_name="纪检干部甲"),
        "supervisor": make_user(Role.SUPERVISOR, username="zuzhang_dash", person_name="纪检组长"),
        "leader": make_user(Role.LEADER, username="lingdao_dash", person_name="分管领导", is_leader=True),
    }
