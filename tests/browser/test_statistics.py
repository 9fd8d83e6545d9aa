"""信访统计 in Chromium: a 纪检 inspector opens it from the nav, picks a year, reads the figures of this
year against last year, clicks a bar and a number and lands on the petition list with exactly that
many rows and the drill-down visible in its form, and downloads the Excel file; a leader reads the
page without the 上级管辖件; an office and the 系统管理员 get a 403 and no nav entry. Desktop and
375 px shots.

The petitions of this year lie between its local 1 January and now, so the test holds on any day
(on 1 January they all fall in the first minutes of the year)."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from organization.roles import Role
from petitions.models import Category, Channel, RestrictedReason, Satisfaction, Status
from petitions.statistics import year_bounds
from tests.browser.conftest import Browser
from tests.factories import DepartmentFactory, PersonFactory, make_user
from tests.petitions.statistics_seed import at, petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URL = "/petitions/statistics/"


def _seed(user):
    """This year: 5 petitions (one 上级管辖件), 3 about 被反映人甲; last year: 3."""
    now = timezone.localtime()
    start = year_bounds(now.year)[0]
    span = now - start

    def this_year(fraction):  # a moment of this year, before now
        return start + span * fraction

    c1, c2 = Category.objects.get(name="服务态度"), Category.objects.get(name="电话接听")
    d1, d2 = DepartmentFactory(name="统计一处"), DepartmentFactory(name="统计二处")
    s1 = PersonFactory(name="被反映人甲")
    received = [this_year(f) for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
    day = timezone.localtime(received[0]).date()
    petition(
        user,
        received[0],
        category=c1,
        subject_department=d1,
        subject_person=s1,
        conclude_due=day + dt.timedelta(days=15),
        concluded_on=day,
        status=Status.CONCLUDED,
        satisfaction=Satisfaction.SATISFIED,
    )
    petition(user, received[1], category=c1, subject_department=d1, subject_person=s1, satisfaction="unsatisfied")
    petition(user, received[2], category=c1, subject_department=d2, subject_person=s1, channel=Channel.PHONE)
    petition(user, received[3], category=c2, subject_department=d2, channel=Channel.LETTER)
    petition(
        user,
        received[4],
        channel=Channel.LETTER,
        is_restricted=True,
        restricted_reason=RestrictedReason.SUPERIOR,
    )
    last = now.year - 1
    petition(
        user,
        at(last, 3, 10),
        category=c1,
        subject_department=d1,
        conclude_due=dt.date(last, 3, 20),
        concluded_on=dt.date(last, 3, 25),
        status=Status.CONCLUDED,
        satisfaction=Satisfaction.SATISFIED,
    )
    petition(
        user,
        at(last, 6, 5),
        category=c2,
        subject_department=d2,
        conclude_due=dt.date(last, 6, 30),
        concluded_on=dt.date(last, 6, 20),
        status=Status.CONCLUDED,
        satisfaction=Satisfaction.BASIC,
    )
    petition(user, at(last, 12, 31, 23, 30), category=c2, subject_department=d1, subject_person=s1,
             satisfaction="unsatisfied")  # fmt: skip
    months = [timezone.localtime(r).month for r in received]
    return {"year": now.year, "c1": c1, "d1": d1, "s1": s1, "months": months}


def _list_total(page):
    return int(re.search(r"共 (\d+) 条", page.locator("main").inner_text()).group(1))


def _list_rows(page):
    return page.locator("#results table tbody tr:has(a)").count()


def _cell(page, testid):
    return int(page.locator(f"[data-testid={testid}]").inner_text())


def _total(page, year):
    return int(page.locator(f"[data-testid=rates-{year}] a").first.inner_text())


def _click_bar(page, chart_id, series, index):
    """Click the middle of bar ``index`` of ``series`` (its layout from the chart itself)."""
    chart = page.locator(f"#{chart_id}[data-ready=true]")
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([id, s, i]) => {
            const el = document.getElementById(id), chart = echarts.getInstanceByDom(el);
            const bar = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
            const box = el.getBoundingClientRect();
            return [box.left + bar.x + bar.width / 2, box.top + bar.y + bar.height / 2];
        }""",
        [chart_id, series, index],
    )
    page.mouse.click(x, y)


def _pick_year(page, year):
    page.select_option("[data-testid=year-select]", str(year))
    page.locator("[data-testid=statistics-year] button[type=submit]").press("Enter")
    page.wait_for_url(re.compile(rf"year={year}"))


def test_inspector_reads_drills_down_and_exports(browser, screenshot_dir, _chromium, live_server):
    inspector = make_user(Role.INSPECTOR, username="jijian_stats", person_name="纪检干部统计")
    seeded = _seed(inspector)
    y, last = seeded["year"], seeded["year"] - 1
    page = browser.login(inspector)
    page.goto("/")
    page.get_by_role("link", name="信访统计").first.click()
    page.wait_for_url(f"**{URL}")

    # last year against the year before: only last year's three
    _pick_year(page, last)
    assert _total(page, last) == 3
    assert page.locator(f"[data-testid=on-time-rate-{last}]").inner_text() == "50.0%"

    _pick_year(page, y)
    assert page.locator("h1").inner_text() == "信访统计"
    assert (_total(page, y), _total(page, last)) == (5, 3)
    assert page.locator(f"[data-testid=on-time-rate-{y}]").inner_text() == "100.0%"
    assert page.locator(f"[data-testid=satisfaction-rate-{y}]").inner_text().startswith("50.0%")
    assert page.locator(f"[data-testid=satisfaction-rate-{last}]").inner_text().startswith("66.7%")
    # months: this year's five where they fell, last year's in March, June and December
    for month in range(1, 13):
        assert _cell(page, f"months-this-{month}") == seeded["months"].count(month)
    assert [_cell(page, f"months-prev-{m}") for m in (3, 6, 12)] == [1, 1, 1]

    def table(key):
        rows = page.locator(f"[data-testid=statistics-{key}] tbody tr")
        return {
            r.locator("td").nth(0).inner_text(): tuple(r.locator("td").nth(i).inner_text() for i in (1, 2, 3))
            for r in rows.all()
        }

    assert table("categories") == {"服务态度": ("3", "1", "+2"), "电话接听": ("1", "2", "-1"),
                                   "未填问题类别": ("1", "0", "+1")}  # fmt: skip
    assert table("departments") == {"统计一处": ("2", "2", "0"), "统计二处": ("2", "1", "+1"),
                                    "未填被反映单位": ("1", "0", "+1")}  # fmt: skip
    assert table("channels") == {"来信": ("2", "0", "+2"), "电话": ("1", "0", "+1"), "12345热线": ("2", "3", "-1")}
    assert table("persons") == {"被反映人甲": ("3", "1", "+2")}
    # every chart drawn, none wider than its card
    for key in ("months", "categories", "departments", "channels"):
        page.locator(f"#chart-{key}[data-ready=true]").wait_for()
    browser.shot("statistics-inspector-desktop")

    # a bar: this year's 服务态度 opens the list of its three, the category and the year in the form
    data = page.evaluate("JSON.parse(document.getElementById('statistics-data').textContent).categories")
    index = data["labels"].index("服务态度")
    assert data["series"][0]["data"][index] == 3
    _click_bar(page, "chart-categories", 0, index)
    page.wait_for_url(re.compile(r"/petitions/\?"))
    assert _list_total(page) == _list_rows(page) == 3
    assert page.locator("select[name=category] option:checked").inner_text() == "服务态度"
    assert page.locator("input[name=received_after]").input_value() == f"{y}-01-01"
    assert page.locator("input[name=received_before]").input_value() == f"{y}-12-31"
    browser.shot("statistics-drill-bar")

    # last year's bar of the same category: one
    page.go_back()
    page.wait_for_url(f"**{URL}?year={y}")
    _click_bar(page, "chart-categories", 1, index)
    page.wait_for_url(re.compile(rf"received_after={last}-01-01"))
    assert _list_total(page) == _list_rows(page) == 1

    # a number: 被反映人甲 this year, three rows; the drill-down is named in the form and kept
    page.go_back()
    page.wait_for_url(f"**{URL}?year={y}")
    page.locator("[data-testid=persons-this-1]").click()
    page.wait_for_url(re.compile(r"subject_person="))
    assert _list_total(page) == _list_rows(page) == 3
    kept = page.locator("form.filters [data-testid=kept-filters]")
    assert "被反映人：被反映人甲" in kept.inner_text()
    browser.shot("statistics-drill-person")
    # narrowing by a visible field keeps the drill-down: 服务态度 among 被反映人甲's, still three
    page.select_option("select[name=category]", str(seeded["c1"].pk))
    page.wait_for_url(re.compile(rf"category={seeded['c1'].pk}"))
    assert "subject_person=" in page.url
    assert _list_total(page) == 3

    # a department number
    page.goto(f"{URL}?year={y}")
    row = page.locator("[data-testid=statistics-departments] tbody tr", has_text="统计一处")
    row.locator("a").first.click()
    page.wait_for_url(re.compile(r"subject_department="))
    assert _list_total(page) == _list_rows(page) == 2
    assert "被反映单位：统计一处" in page.locator("form.filters [data-testid=kept-filters]").inner_text()

    # the Excel file holds the same figures
    page.goto(f"{URL}?year={y}")
    with page.expect_download() as download:
        page.locator("[data-testid=statistics-export]").click()
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    categories = {row[0]: row[1:] for row in book["按问题类别"].iter_rows(min_row=2, values_only=True)}
    assert categories["服务态度"] == (3, 1, 2)
    rates = {row[0]: row[1:] for row in book["办结与满意度"].iter_rows(min_row=3, values_only=True) if row}
    assert rates["收到信访件（件）"] == (5, 3)
    assert rates["满意度"] == ("50.0%", "66.7%")

    phone = Browser(_chromium, live_server, screenshot_dir, width=375, height=800)
    try:
        small = phone.login(inspector)
        small.goto(f"{URL}?year={y}")
        for key in ("months", "categories", "departments", "channels"):
            small.locator(f"#chart-{key}[data-ready=true]").wait_for()
        phone.shot("statistics-inspector-375")
        phone.shot("statistics-inspector-375-top", full_page=False)
        small.locator("[data-testid=statistics-months]").screenshot(path=screenshot_dir / "statistics-375-months.png")
        assert small.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
        widths = small.evaluate("[...document.querySelectorAll('[data-stat-chart] svg')].map(s => s.clientWidth)")
        assert widths and all(0 < w <= 375 for w in widths), widths
        assert not phone.errors, phone.errors
    finally:
        phone.close()


def test_leader_reads_the_page_office_and_admin_do_not(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_stats2", person_name="纪检干部统计二")
    seeded = _seed(inspector)
    y = seeded["year"]
    leader = make_user(Role.LEADER, username="lingdao_stats", person_name="分管领导统计", is_leader=True)
    page = browser.login(leader)
    page.goto("/")
    page.get_by_role("link", name="信访统计").first.click()
    page.wait_for_url(f"**{URL}")
    assert _total(page, y) == 4  # not the 上级管辖件
    page.locator("#chart-months[data-ready=true]").wait_for()
    browser.shot("statistics-leader-desktop")
    page.locator(f"[data-testid=rates-{y}] a").first.click()
    page.wait_for_url(re.compile(r"/petitions/\?"))
    assert _list_total(page) == _list_rows(page) == 4

    office = make_user(Role.OFFICE, departments=[seeded["d1"]], username="office_stats", person_name="联络员统计")
    admin = make_user(Role.ADMIN, username="admin_stats", person_name="管理员统计", superuser=True)
    for user in (office, admin):
        page = browser.login(user)
        page.goto("/")
        assert page.locator(f"nav a[href='{URL}']").count() == 0
        assert page.goto(URL).status == 403
        assert page.goto(f"{URL}export/?year={y}").status == 403
