"""批量填报进展 in the browser: an office filters by round, types two notes, asks 销号 on one, saves once."""

import pytest

from organization.roles import Role
from rectification.models import MeasureStatus, ProgressUpdate
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _row(page, measure):
    return page.locator(f"tr[data-measure='{measure.pk}']")


def test_office_saves_two_notes_and_one_submit_from_the_grid(browser, dept_a):
    office = make_user(Role.OFFICE, departments=[dept_a], username="grid_office", person_name="联络员甲")
    this_round = RoundFactory(name="2021年市委第三巡察组巡察")
    other_round = RoundFactory(name="2019年市委第一巡察组巡察")
    problem = ProblemFactory(round=this_round, text="理论学习中心组学习以读文件为主")
    first = MeasureFactory(problem=problem, lead_department=dept_a, content="修订理论学习中心组学习制度")
    second = MeasureFactory(problem=problem, lead_department=dept_a, content="每季度开展一次专题研讨")
    elsewhere = MeasureFactory(
        problem=ProblemFactory(round=other_round), lead_department=dept_a, content="另一轮次的整改措施"
    )
    page = browser.login(office)
    page.goto("/")
    page.click("[data-testid=progress-grid-link]")
    page.locator("h1:has-text('批量填报进展')").wait_for()
    assert _row(page, elsewhere).count() == 1

    page.select_option("select[name=round]", str(this_round.pk))
    _row(page, elsewhere).wait_for(state="detached")
    assert _row(page, first).count() == 1 and _row(page, second).count() == 1

    _row(page, first).locator("textarea").fill("已修订学习制度并印发执行")
    _row(page, second).locator("textarea").fill("已开展第一次专题研讨")
    _row(page, first).locator("input[type=checkbox]").check()
    browser.shot("progress-grid-filled")
    page.click("button:has-text('保存')")

    page.locator(".messages :text('已保存 2 项进展，申请销号 1 项')").wait_for()
    assert "round=" in page.url  # back to the same filtered grid
    assert "已修订学习制度并印发执行" in _row(page, first).inner_text()  # now its 最新进展
    assert "已申请销号" in _row(page, first).inner_text()
    browser.shot("progress-grid-saved")

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    _row(page, second).locator("textarea").wait_for()
    box = _row(page, second).locator("textarea").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375  # stacked, no sideways scroll
    browser.shot("progress-grid-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    _row(page, first).locator("a").first.click()
    page.locator("text=已修订学习制度并印发执行").first.wait_for()
    browser.shot("progress-grid-measure")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (MeasureStatus.SUBMITTED, MeasureStatus.IN_PROGRESS)
    assert ProgressUpdate.objects.filter(author=office).count() == 2
    assert not browser.errors
