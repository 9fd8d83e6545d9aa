"""Issue 11 in the browser: 后退 and 重新提交 registers nothing twice; an edit on a stale version keeps
what was typed and offers to reload."""

import pytest

from organization.roles import Role
from petitions.models import Petition
from rectification import services
from rectification.models import Measure
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fill_intake(page):
    page.select_option("select[name=channel]", "hotline")
    page.select_option("select[name=kind]", "complaint")
    page.select_option("select[name=category]", label="服务态度")
    page.fill("textarea[name=summary]", "热线接线员态度生硬")
    page.check("input[name=is_named]")
    page.fill("input[name=informant_name]", "欧阳测试")
    page.fill("input[name=informant_phone]", "13912345678")


def test_back_and_resubmit_registers_one_petition(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_back", person_name="纪检干部甲")
    page = browser.login(inspector)
    page.goto("/petitions/new/")
    _fill_intake(page)
    page.click("button:has-text('登记')")
    page.locator("[data-testid=petition-status]:has-text('已登记')").wait_for()
    petition = Petition.objects.get()

    page.go_back()
    page.locator("textarea[name=summary]").wait_for()
    if not page.input_value("textarea[name=summary]"):
        _fill_intake(page)  # the browser did not keep what was typed: the user types it again
    page.click("button:has-text('登记')")

    page.locator("text=该表单已提交，未重复登记").wait_for()
    assert page.url.endswith(f"/petitions/{petition.pk}/")
    assert Petition.objects.count() == 1


def test_a_stale_edit_keeps_the_typed_text_and_offers_to_reload(browser, dept_a):
    inspector = make_user(Role.INSPECTOR, username="jijian_stale", person_name="纪检干部甲")
    supervisor = make_user(Role.SUPERVISOR, username="zuzhang_stale", person_name="纪检组长")
    measure = MeasureFactory(lead_department=dept_a, content="原措施内容", target="原目标")
    page = browser.login(inspector)
    page.goto(f"/rectification/measures/{measure.pk}/edit/")
    page.fill("textarea[name=content]", "我刚输入的新措施")
    # meanwhile the supervisor changes the target
    services.measure_update(user=supervisor, measure=measure, version=measure.version, target="组长改过的目标")

    page.click("button:has-text('保存')")

    page.locator("text=已被纪检组长于").wait_for()
    assert page.input_value("textarea[name=content]") == "我刚输入的新措施"
    assert Measure.objects.get(pk=measure.pk).content == "原措施内容"
    page.click("[data-testid=conflict-reload] a")
    page.locator("textarea[name=content]").wait_for()
    assert page.input_value("textarea[name=content]") == "原措施内容"
    assert page.locator("text=已被纪检组长于").count() == 0
