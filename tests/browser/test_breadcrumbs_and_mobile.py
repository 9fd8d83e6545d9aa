"""On a phone (375 px wide): the report preview fits the screen; the breadcrumbs lead back up."""

import pytest

from organization.roles import Role
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 800}


def test_the_report_preview_fits_a_phone(browser):
    from reports.services.reports import last_complete_year

    year = last_complete_year()
    page = browser.login(make_user(Role.SUPERVISOR, username="zuzhang_phone", person_name="纪检组长"))
    page.set_viewport_size(PHONE)
    page.goto(f"/reports/{year}/preview/")
    page.get_by_role("heading", name=f"{year}年度报告 · 按当前数据预览（未保存）").wait_for()
    browser.shot("report-preview-375", full_page=False)
    paper = page.locator("article.paper").bounding_box()
    assert paper is not None and paper["x"] >= 0 and paper["x"] + paper["width"] <= PHONE["width"]
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"], f"页面宽 {page_width}px，超出手机屏幕"


def test_an_office_follows_the_breadcrumbs_from_a_measure_to_its_round(browser):
    from tests.factories import DepartmentFactory
    from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory

    dept = DepartmentFactory(name="办公室")
    rnd = RoundFactory(name="2021年市委第三巡察组巡察")
    problem = ProblemFactory(
        round=rnd, aspect=AspectFactory(round=rnd, title="一、党的政治建设方面"), text="学习不深入"
    )
    measure = MeasureFactory(problem=problem, lead_department=dept, content="完善学习制度")
    page = browser.login(make_user(Role.OFFICE, departments=[dept], username="lianluoyuan_bc"))
    page.set_viewport_size(PHONE)
    page.goto(f"/rectification/measures/{measure.pk}/")
    trail = page.locator("nav.breadcrumbs")
    assert [t.strip() for t in trail.locator("li").all_inner_texts()] == [
        "巡察轮次",
        "2021年市委第三巡察组巡察",
        "一、党的政治建设方面",
        "学习不深入",
        "完善学习制度",
    ]
    browser.shot("measure-breadcrumbs-375", full_page=False)
    trail.get_by_role("link", name="2021年市委第三巡察组巡察").click()
    page.get_by_role("heading", name="2021年市委第三巡察组巡察").wait_for()
    assert page.url.endswith(f"/rectification/rounds/{rnd.pk}/")


def test_on_a_phone_the_title_keeps_one_line_and_the_menu_starts_under_the_bar(browser):
    # A long name and the search box once squeezed the title to one character a line: the bar grew
    # to ~270 px and covered the page's first chart.
    page = browser.login(make_user(Role.INSPECTOR, username="jijian_phone", person_name="欧阳纪检干部统计"))
    page.set_viewport_size(PHONE)
    page.goto("/petitions/")
    bar = page.locator("header.topbar").bounding_box()
    brand = page.locator("header.topbar .brand").bounding_box()
    search = page.locator("header.topbar input[type=search]").bounding_box()
    assert bar and brand and search
    assert brand["height"] < 32, f"标题高 {brand['height']}px，应为一行"
    assert bar["height"] < 100 and search["width"] > 300  # the search box has its own row
    page.click("label.nav-button")
    nav = page.locator("nav.sidenav").bounding_box()
    browser.shot("topbar-menu-375", full_page=False)
    assert nav and bar["height"] - 2 <= nav["y"] <= bar["height"] + 2
