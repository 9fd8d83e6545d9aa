"""The ledger import page in a browser: the check shows the names table and the preview; 确认导入
without a choice asks again; 机关纪委 chosen as 纪检监察室 and the rest 新建 imports and remembers
the alias."""

import shutil
from pathlib import Path

import pytest

from organization.models import DepartmentAlias
from organization.roles import Role
from rectification.models import InspectionRound, Measure
from tests.browser.harness import create_every_name
from tests.factories import DepartmentFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-sample.xlsx"


def test_the_import_page_asks_for_each_name_and_remembers_the_alias(browser, tmp_path):
    inspector = make_user(Role.INSPECTOR, username="jijian_names", person_name="纪检干部乙")
    jiwei = DepartmentFactory(name="纪检监察室")
    DepartmentFactory(name="办公室")
    ledger = tmp_path / "台账.xlsx"
    shutil.copy(SAMPLE, ledger)
    page = browser.login(inspector)
    page.goto("/rectification/import/")
    page.set_input_files("input[name=file]", str(ledger))
    page.fill("input[name=round_name]", "2021年市委第三巡察组巡察")
    page.fill("input[name=feedback_date]", "2021-09-15")
    page.click("button:has-text('上传并检查')")
    table = page.locator("[data-testid=ledger-names]")
    table.wait_for()
    assert "完全一致" in table.locator("tr[data-name='办公室']").inner_text()
    assert "未找到" in table.locator("tr[data-name='机关纪委']").inner_text()
    assert "2021年12月底前" in page.locator("[data-testid=ledger-preview-rows]").inner_text()
    browser.shot("ledger-import-names-check")

    page.click("button:has-text('确认导入')")  # nothing chosen yet
    page.locator("[data-testid=names-error]").wait_for()
    assert not InspectionRound.objects.exists()
    browser.shot("ledger-import-names-refused")

    create_every_name(page)
    page.locator("tr[data-name='机关纪委'] select").select_option(str(jiwei.pk))
    browser.shot("ledger-import-names-chosen")
    page.click("button:has-text('确认导入')")
    page.locator("[data-testid=round-tree]").wait_for()
    assert "已导入" in page.locator(".messages").inner_text()
    rnd = InspectionRound.objects.get(name="2021年市委第三巡察组巡察")
    assert Measure.objects.filter(problem__round=rnd, lead_department=jiwei).exists()
    assert DepartmentAlias.objects.get(alias="机关纪委").department == jiwei
