"""Issue 14 in the browser: the supervisor ticks measures on the list and signs them off at once."""

import pytest

from organization.roles import Role
from rectification.models import Measure, MeasureStatus
from tests.factories import make_user
from tests.rectification.bulk_helpers import submitted_measures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _row(page, content):
    return page.locator("tbody tr", has_text=content)


def test_supervisor_ticks_three_measures_and_signs_them_off(browser, dept_a):
    office = make_user(Role.OFFICE, departments=[dept_a], username="bulk_office", person_name="联络员甲")
    supervisor = make_user(Role.SUPERVISOR, username="bulk_boss", person_name="纪检组长")
    measures = submitted_measures(office, dept_a, 4)
    ticked, left = measures[:3], measures[3]
    page = browser.login(supervisor)
    page.goto("/rectification/measures/")

    for m in ticked:
        _row(page, m.content).locator("input[name=ids]").check()
    page.locator("[data-bulk-count]:has-text('已选 3 项')").wait_for()
    browser.shot("bulk-ticked")
    page.click("button:has-text('批量销号')")

    page.locator(".messages :text('已批量销号3项整改措施')").wait_for()
    for m in ticked:
        assert _row(page, m.content).locator(".tag").inner_text() == "已销号"
    assert _row(page, left.content).locator(".tag").inner_text() == "申请销号"
    browser.shot("bulk-signed-off")
    statuses = dict(Measure.objects.values_list("pk", "status"))
    assert [statuses[m.pk] for m in ticked] == [MeasureStatus.SIGNED_OFF] * 3
    assert statuses[left.pk] == MeasureStatus.SUBMITTED
    assert not browser.errors


def test_select_all_with_one_measure_not_ready_signs_off_none_and_says_which(browser, dept_a):
    office = make_user(Role.OFFICE, departments=[dept_a], username="bulk_office2", person_name="联络员乙")
    supervisor = make_user(Role.SUPERVISOR, username="bulk_boss2", person_name="纪检组长")
    ready = submitted_measures(office, dept_a, 2)
    Measure.objects.filter(pk=ready[1].pk).update(status=MeasureStatus.IN_PROGRESS)
    page = browser.login(supervisor)
    page.goto("/rectification/measures/")

    page.check("input[data-bulk-all]")
    page.locator("[data-bulk-count]:has-text('已选 2 项')").wait_for()
    page.click("button:has-text('批量销号')")

    page.locator("h1:has-text('批量操作未执行')").wait_for()
    assert "当前状态为“推进中”，不能审核销号" in page.locator("table").inner_text()
    browser.shot("bulk-refused")
    assert not Measure.objects.filter(status=MeasureStatus.SIGNED_OFF).exists()
    assert not browser.errors
