"""The list pages' sorting, 范围, paging and saved filters, used as a person does: click a column
header (and again), pick 只看未办结, change the page size and the page, save the current filter, open it
from another page, delete it, go back. At desktop width and at 375 px."""

import datetime as dt

import pytest
from django.utils import timezone

from organization.roles import Role
from rectification.models import MeasureStatus
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _rows(page):
    return page.locator("#results table tbody tr")


def _texts(page):
    return [row.inner_text() for row in _rows(page).all()]


def _measures(open_count=22, closed=3):
    round_ = RoundFactory(name="第一轮巡察")
    problem = ProblemFactory(round=round_)
    today = timezone.localdate()
    for i in range(open_count):
        MeasureFactory(problem=problem, content=f"未办措施{i:02d}", due_date=today + dt.timedelta(days=10 + i))
    for i in range(closed):
        MeasureFactory(
            problem=problem,
            content=f"已销号措施{i}",
            due_date=today - dt.timedelta(days=5 + i),
            status=MeasureStatus.SIGNED_OFF,
        )


def test_inspector_sorts_scopes_pages_and_saves_measures(browser):
    inspector = make_user(Role.INSPECTOR, username="sort_e2e", person_name="纪检干部丁")
    _measures()
    page = browser.login(inspector)

    page.goto("/rectification/measures/")
    assert _rows(page).count() == 25
    # open items first: the signed-off ones (whose dates are earliest) come last
    assert "已销号" in _texts(page)[-1] and "未办措施" in _texts(page)[0]

    due = page.locator("th:has(a.sort:has-text('完成时限'))")
    due.locator("a").click()
    page.wait_for_url("**/rectification/measures/?*sort=due*")
    assert due.get_attribute("aria-sort") == "ascending" and "▲" in due.inner_text()
    assert "未办措施00" in _texts(page)[0] and "未办措施21" in _texts(page)[21]
    due.locator("a").click()
    page.wait_for_url("**/rectification/measures/?*sort=-due*")
    assert due.get_attribute("aria-sort") == "descending" and "▼" in due.inner_text()
    assert "未办措施21" in _texts(page)[0] and "未办措施00" in _texts(page)[21]
    browser.shot("measures-sorted-desc")

    page.select_option("select[name=scope]", "open")
    page.wait_for_url("**/rectification/measures/?*scope=open*")
    assert page.url.count("scope=") == 1
    assert "sort=-due" in page.url  # the hidden input kept the sort
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 22")
    assert not any("已销号" in text for text in _texts(page))
    assert "未办措施21" in _texts(page)[0]
    # the save form inside #results carries the new query
    query = page.locator("#results input[name=query]").input_value()
    assert "scope=open" in query and "sort=-due" in query

    page.click("nav.pager a:text-is('20')")
    page.wait_for_url("**/rectification/measures/?*page_size=20*")
    assert _rows(page).count() == 20 and "scope=open" in page.url and "sort=-due" in page.url
    page.click("nav.pager a:text-is('2')")
    page.wait_for_url("**/rectification/measures/?*page=2*")
    assert _texts(page)[0].startswith("") and "未办措施01" in _texts(page)[0] and _rows(page).count() == 2
    assert page.locator("nav.pager .current").inner_text() == "2"
    page_two = _texts(page)
    browser.shot("measures-page-2")

    page.click("#results details summary:has-text('保存当前筛选')")
    page.fill("#results details input[name=name]", "未办结倒序")
    page.click("#results details button:has-text('保存')")
    page.wait_for_selector(".saved-filters a:has-text('未办结倒序')")
    assert page.locator("text=已保存筛选“未办结倒序”").count() == 1
    browser.shot("measures-saved")

    page.goto("/petitions/")
    page.goto("/rectification/measures/")
    assert _rows(page).count() == 25
    page.click(".saved-filters a:has-text('未办结倒序')")
    page.wait_for_url("**/rectification/measures/?*scope=open*")
    assert "page=" not in page.url.replace("page_size=", "")
    assert _rows(page).count() == 20 and "未办措施21" in _texts(page)[0]
    page.click("nav.pager a:text-is('2')")
    page.wait_for_url("**/rectification/measures/?*page=2*")
    assert _texts(page) == page_two

    page.click(".saved-filters button[aria-label='删除常用筛选“未办结倒序”']")
    page.wait_for_selector("text=已删除筛选“未办结倒序”")
    assert page.locator(".saved-filters a:has-text('未办结倒序')").count() == 0

    page.go_back()
    page.wait_for_url("**/rectification/measures/?*page=2*")
    assert _rows(page).count() == 2


@pytest.mark.parametrize("width", [375])
def test_measure_list_at_phone_width(_live_server_settings, _chromium, live_server, screenshot_dir, width):
    from tests.browser.conftest import Browser

    inspector = make_user(Role.INSPECTOR, username="sort_phone", person_name="纪检干部戊")
    _measures(open_count=25, closed=1)
    from web.models import SavedFilter

    for name in ("未办结倒序", "本轮全部措施", "逾期的"):
        SavedFilter.objects.create(user=inspector, list_key="measures", name=name, query="sort=-due")
    phone = Browser(_chromium, live_server, screenshot_dir, width=width, height=800)
    try:
        page = phone.login(inspector)
        page.goto("/rectification/measures/?sort=-due&page_size=20")
        page.click("#results details summary:has-text('保存当前筛选')")
        assert page.locator(".saved-filters .saved-filter").count() == 3
        phone.shot(f"measures-{width}")
        # nothing of the page is wider than the screen (the table scrolls in its own wrapper)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        assert not phone.errors
    finally:
        phone.close()


def _sort_both_ways(page, label, path):
    """Click the ``label`` header twice: ▲ then ▼, and the second order is the first reversed."""
    header = page.locator(f"th:has(a.sort:has-text('{label}'))")
    header.locator("a").click()
    page.wait_for_function(f"document.querySelector('th[aria-sort=ascending] a')?.textContent.includes('{label}')")
    assert "▲" in header.inner_text() and path in page.url
    ascending = _texts(page)
    header.locator("a").click()
    page.wait_for_function(f"document.querySelector('th[aria-sort=descending] a')?.textContent.includes('{label}')")
    assert "▼" in header.inner_text()
    return ascending, _texts(page)


def test_inspector_sorts_and_scopes_petitions(browser):
    from tests.petitions.factories import concluded, register

    inspector = make_user(Role.INSPECTOR, username="sort_pet_e2e", person_name="纪检干部己")
    for i in range(3):
        register(inspector, summary=f"待办投诉{i}")
    concluded(inspector, summary="已办结投诉", informant=None)  # anonymous: owes no feedback, so closed
    page = browser.login(inspector)

    page.goto("/petitions/")
    assert _rows(page).count() == 4 and "已办结投诉" in _texts(page)[-1]  # open first
    ascending, descending = _sort_both_ways(page, "编号", "/petitions/")
    open_asc = [text for text in ascending if "已办结" not in text]
    open_desc = [text for text in descending if "已办结" not in text]
    assert open_desc == open_asc[::-1] and len(open_asc) == 3

    page.select_option("select[name=scope]", "open")
    page.wait_for_url("**/petitions/?*scope=open*")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 3")
    assert page.url.count("scope=") == 1 and "sort=-number" in page.url
    assert _texts(page) == open_desc
    browser.shot("petitions-open-desc")
    page.go_back()
    page.wait_for_url("**/petitions/?sort=-number")
    page.reload()
    assert _rows(page).count() == 4


def test_office_sorts_measures_and_saves_a_transfer_filter(browser):
    from tests.factories import DepartmentFactory
    from tests.petitions.factories import transferred

    own, other = DepartmentFactory(name="办公室"), DepartmentFactory(name="财务处")
    office = make_user(Role.OFFICE, departments=[own], username="sort_office_e2e", person_name="联络员庚")
    inspector = make_user(Role.INSPECTOR, username="sort_office_insp", person_name="纪检干部辛")
    problem = ProblemFactory(round=RoundFactory(name="第一轮巡察"))
    today = timezone.localdate()
    for i in range(3):
        MeasureFactory(
            problem=problem, content=f"本部门措施{i}", lead_department=own, due_date=today + dt.timedelta(days=5 + i)
        )
    MeasureFactory(problem=problem, content="别部门措施", lead_department=other)
    for i in range(3):
        transferred(inspector, own, summary=f"转办投诉{i}")
    transferred(inspector, other, summary="别部门转办")
    page = browser.login(office)

    page.goto("/rectification/measures/")
    assert _rows(page).count() == 3 and not any("别部门" in text for text in _texts(page))
    ascending, descending = _sort_both_ways(page, "完成时限", "sort=due")
    assert "本部门措施0" in ascending[0] and descending == ascending[::-1]

    page.goto("/petitions/transfers/")
    assert _rows(page).count() == 3
    ascending, descending = _sort_both_ways(page, "编号", "sort=number")
    assert descending == ascending[::-1]
    page.select_option("select[name=scope]", "open")
    page.wait_for_url("**/petitions/transfers/?*scope=open*")
    assert "sort=-number" in page.url
    page.click("#results details summary")
    page.fill("#results details input[name=name]", "我的未办转办")
    page.click("#results details button:has-text('保存')")
    page.wait_for_selector(".saved-filters a:has-text('我的未办转办')")
    page.goto("/rectification/measures/")
    page.goto("/petitions/transfers/")
    page.click(".saved-filters a:has-text('我的未办转办')")
    page.wait_for_url("**/petitions/transfers/?*scope=open*")
    assert _texts(page) == descending
    browser.shot("transfers-saved-filter")


def test_past_the_count_limit_the_pager_says_so_and_pages_through_the_first_rows(browser, monkeypatch):
    from web.views.listing import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "limit", 30)  # the live server runs in this process
    inspector = make_user(Role.INSPECTOR, username="limit_e2e", person_name="纪检干部壬")
    _measures(open_count=26, closed=10)
    page = browser.login(inspector)
    page.goto("/rectification/measures/?page_size=20")
    pager = page.locator("nav.pager")
    assert "超过 30 条，只可翻看前 30 条，请用筛选条件缩小范围或导出筛选结果" in pager.inner_text()
    assert _rows(page).count() == 20
    browser.shot("measures-count-limit")
    pager.locator("a:text-is('2')").click()
    page.wait_for_url("**/rectification/measures/?*page=2*")
    texts = _texts(page)
    assert len(texts) == 10 and "未办措施20" in texts[0] and "已销号措施" in texts[-1]
    assert pager.locator("a:text-is('3')").count() == 0
    page.select_option("select[name=scope]", "open")
    page.wait_for_url("**/rectification/measures/?*scope=open*")
    page.wait_for_function("document.querySelector('nav.pager').innerText.includes('共 26 条')")
    page.go_back()
    page.wait_for_function("document.querySelector('nav.pager').innerText.includes('超过 30 条')")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.shot("measures-count-limit-phone")
