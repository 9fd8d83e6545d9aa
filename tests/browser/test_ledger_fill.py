"""台账往返 in Chromium: an office downloads its 填报表 from 整改措施, fills two rows (one 已完成), uploads it,
checks the preview old → new (desktop and a 375 px phone), confirms, and finds the new progress on the
measure page; the 纪检负责人 then sees the 申请销号 in the bell and on the measure."""

from pathlib import Path

import pytest

from organization.roles import Role
from rectification import services
from tests.factories import make_user
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory
from tests.web.fill_sheet import as_bytes, book, fill, measure_texts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _demo_round(dept_a, dept_b):
    """A ledger like the sample's: two aspects, three problems, four measures (three of 甲's)."""
    rnd = RoundFactory(name="2026年市委第三巡察组巡察")
    politics = AspectFactory(round=rnd, title="一、党的政治建设方面")
    style = AspectFactory(round=rnd, title="二、作风建设方面")
    study = ProblemFactory(round=rnd, aspect=politics, text="理论学习中心组学习不够深入，联系实际不紧")
    rules = ProblemFactory(round=rnd, aspect=style, text="落实中央八项规定精神有差距")
    window = ProblemFactory(round=rnd, aspect=style, text="窗口服务推诿扯皮")
    measures = {
        "study": MeasureFactory(problem=study, lead_department=dept_a, content="制定年度学习计划，每月开展专题学习。"),
        "rules": MeasureFactory(problem=rules, lead_department=dept_a, content="修订公务接待管理办法并组织学习。"),
        "audit": MeasureFactory(problem=rules, lead_department=dept_a, content="开展公务用车专项检查。"),
        "window": MeasureFactory(problem=window, lead_department=dept_b, content="建立首问负责制。"),
    }
    return rnd, measures


def test_an_office_fills_its_sheet_and_the_supervisor_sees_the_sign_off_request(
    browser, dept_a, dept_b, tmp_path, _chromium, live_server, screenshot_dir
):
    from tests.browser.conftest import Browser

    supervisor = make_user(Role.SUPERVISOR, username="fill_boss", person_name="纪检组长甲")
    office = make_user(Role.OFFICE, departments=[dept_a], username="fill_office", person_name="联络员甲")
    rnd, m = _demo_round(dept_a, dept_b)
    services.progress_add(user=office, measure=m["study"], text="已制定年度学习计划。")

    page = browser.login(office)
    page.goto(f"/rectification/measures/?round={rnd.pk}")
    bar = page.locator("[data-testid=fill-bar]")
    bar.wait_for()
    browser.shot("fill-measure-list")
    with page.expect_download() as download:
        bar.locator("button:has-text('下载填报表')").click()
    assert download.value.suggested_filename.startswith(f"整改填报表-{rnd.name}-")
    wb = book(Path(download.value.path()).read_bytes())
    assert sorted(measure_texts(wb)) == sorted(m[k].content for k in ("study", "rules", "audit"))  # 甲's only

    fill(wb, m["study"].content, progress="已制定年度学习计划。本月开展专题学习2次。")
    fill(wb, m["rules"].content, progress="已修订公务接待管理办法并印发全体干部学习。", completion="已完成")
    filled = tmp_path / "填报表.xlsx"
    filled.write_bytes(as_bytes(wb))

    bar.locator("a:has-text('上传填报表')").click()
    page.wait_for_url("**/rectification/fill/upload/")
    page.locator("[data-testid=fill-help]:has-text('完成情况选“已完成”即提交申请销号')").wait_for()
    page.set_input_files("input[type=file][name=file]", str(filled))
    page.click("button:has-text('上传并检查')")
    preview = page.locator("[data-testid=fill-preview]")
    preview.wait_for()
    assert "变更 2 行，未变化 1 行，申请销号 1 项" in page.locator("[data-testid=fill-counts]").inner_text()
    rows = preview.locator("tbody tr")
    assert rows.count() == 2
    study_row = preview.locator("tr", has=page.locator("a", has_text="制定年度学习计划"))
    assert "原：已制定年度学习计划。" in study_row.inner_text()
    assert "新增：本月开展专题学习2次。" in study_row.inner_text()  # appended text becomes the new note
    rules_row = preview.locator("tr", has=page.locator("a", has_text="修订公务接待管理办法"))
    assert "申请销号" in rules_row.inner_text() and "新：已完成" in rules_row.inner_text()
    browser.shot("fill-preview-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(200)  # the layout settles at phone width before the screenshot
    browser.shot("fill-preview-375")
    # The page itself never scrolls sideways at phone width; only the table inside its wrapper does.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(200)

    page.click("button:has-text('确认保存')")
    page.wait_for_url("**/rectification/measures/")
    page.locator("text=已保存填报表：2 项整改措施更新了进展，1 项已申请销号").wait_for()
    browser.shot("fill-saved")
    page.goto(f"/rectification/measures/{m['study'].pk}/")
    page.locator("[data-testid=timeline]:has-text('本月开展专题学习2次')").wait_for()
    browser.shot("fill-measure-progress")

    boss = Browser(_chromium, live_server, screenshot_dir)
    try:
        page2 = boss.login(supervisor)
        page2.goto("/")
        page2.click("[data-testid=bell]")
        code = f"问题{m['rules'].problem.order}-措施{m['rules'].order}"
        page2.locator(f"text={rnd.name} · {code} 申请销号，请审核").wait_for()
        boss.shot("fill-bell-supervisor")
        page2.goto(f"/rectification/measures/{m['rules'].pk}/")
        page2.locator("[data-testid=measure-status]:has-text('申请销号')").wait_for()
        page2.locator("[data-testid=timeline]:has-text('已修订公务接待管理办法')").wait_for()
        boss.shot("fill-measure-submitted")
    finally:
        boss.close()
