"""End-to-end, in headless Chromium, as each role (few and fast: one context per role)."""

import shutil
from pathlib import Path

import pytest

from organization.roles import Role
from petitions.models import Petition, Status
from rectification.models import InspectionRound, Measure, MeasureStatus
from tests.browser.harness import create_every_name
from tests.factories import make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-sample.xlsx"


@pytest.fixture
def people(dept_a, dept_b):
    return {
        "inspector": make_user(Role.INSPECTOR, username="jijian_e2e", person_name="纪检干部甲"),
        "supervisor": make_user(Role.SUPERVISOR, username="zuzhang_e2e", person_name="纪检组长"),
        "office_a": make_user(Role.OFFICE, departments=[dept_a], username="office_a_e2e", person_name="联络员甲"),
        "office_b": make_user(Role.OFFICE, departments=[dept_b], username="office_b_e2e", person_name="联络员乙"),
        "leader": make_user(Role.LEADER, username="lingdao_e2e", person_name="分管领导", is_leader=True),
    }


def test_inspector_imports_the_sample_ledger(browser, people, tmp_path):
    ledger = tmp_path / "台账.xlsx"
    shutil.copy(SAMPLE, ledger)
    page = browser.login(people["inspector"])
    page.goto("/rectification/import/")
    page.set_input_files("input[name=file]", str(ledger))
    page.fill("input[name=round_name]", "2021年市委第三巡察组巡察")
    page.fill("input[name=feedback_date]", "2021-09-15")
    page.click("button:has-text('上传并检查')")
    preview = page.locator("[data-testid=import-preview]")
    preview.wait_for()
    assert "整改措施" in preview.inner_text()
    assert not InspectionRound.objects.exists()  # the dry run wrote nothing
    create_every_name(page)  # the names are new here (choosing them: test_ledger_import_names)
    page.click("button:has-text('确认导入')")
    page.locator("[data-testid=round-tree]").wait_for()
    assert "已导入" in page.locator(".messages").inner_text()
    rnd = InspectionRound.objects.get(name="2021年市委第三巡察组巡察")
    assert (
        Measure.objects.filter(problem__round=rnd).count() == page.locator("[data-testid=round-tree] li .light").count()
    )
    assert "党的政治建设方面" in page.locator("[data-testid=round-tree]").inner_text()


def test_office_reports_progress_with_evidence_asks_sign_off_and_supervisor_signs_off(
    browser, people, dept_a, tmp_path, _chromium, live_server, screenshot_dir
):
    measure = MeasureFactory(
        problem=ProblemFactory(
            round=RoundFactory(name="2021年市委第三巡察组巡察"), text="理论学习中心组学习以读文件为主"
        ),
        lead_department=dept_a,
        content="修订《党组理论学习中心组学习计划》，每季度至少开展一次专题研讨。",
    )
    evidence = tmp_path / "学习计划.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    url = f"/rectification/measures/{measure.pk}/"

    # the office: progress with an evidence file, then 申请销号
    page = browser.login(people["office_a"])
    page.goto("/")
    page.click(f"a[href='{url}']")  # from 我的待办
    page.fill("textarea[name=progress-text]", "已修订学习计划并印发，第一季度专题研讨已开展。")
    page.set_input_files("input[name=progress-evidence]", str(evidence))
    page.click("button:has-text('提交进展')")
    page.locator("[data-testid=timeline] a:has-text('学习计划.pdf')").wait_for()
    page.click("button:has-text('申请销号')")
    page.locator("[data-testid=measure-status]:has-text('申请销号')").wait_for()

    # the supervisor, in a browser of their own: 审核销号 → 已销号
    from tests.browser.conftest import Browser

    other = Browser(_chromium, live_server, screenshot_dir)
    try:
        page = other.login(people["supervisor"])
        page.goto(url)
        with page.expect_download() as download:
            page.click("[data-testid=timeline] a:has-text('学习计划.pdf')")
        assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 evidence"
        page.fill("textarea[name=sign_off-note]", "佐证材料齐全，同意销号。")
        page.click("button:has-text('审核通过，予以销号')")
        page.locator("[data-testid=measure-status]:has-text('已销号')").wait_for()
        other.shot("measure")
    finally:
        other.close()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF


def test_inspector_registers_and_transfers_a_petition_and_the_office_replies(
    browser, people, dept_a, _chromium, live_server, screenshot_dir
):
    page = browser.login(people["inspector"])
    page.goto("/petitions/new/")
    page.select_option("select[name=channel]", "hotline")
    page.select_option("select[name=kind]", "complaint")
    page.select_option("select[name=category]", label="服务态度")
    page.fill("textarea[name=summary]", "热线接线员态度生硬")
    page.check("input[name=is_named]")
    page.fill("input[name=informant_name]", "欧阳测试")
    page.fill("input[name=informant_phone]", "13912345678")
    page.click("button:has-text('登记')")
    page.locator("[data-testid=petition-status]:has-text('已登记')").wait_for()
    page.click("details[data-step=accept] button")
    page.locator("[data-testid=petition-status]:has-text('已受理')").wait_for()
    page.select_option("select[name=transfer-department]", label=dept_a.name)
    page.fill("textarea[name=transfer-summary]", "请核查接线员服务态度问题")
    page.click("details[data-step=transfer] button")
    page.locator("[data-testid=petition-status]:has-text('已转办')").wait_for()
    petition = Petition.objects.get()

    from tests.browser.conftest import Browser

    office = Browser(_chromium, live_server, screenshot_dir)
    try:
        page = office.login(people["office_a"])
        page.goto("/petitions/transfers/")
        page.click(f"a:has-text('{petition.number}')")
        assert "请核查接线员服务态度问题" in page.locator("[data-testid=transfer-summary]").inner_text()
        assert "欧阳测试" not in page.content()
        page.fill("textarea[name=reply]", "已约谈接线员，加强培训。")
        page.click("button:has-text('提交反馈')")
        page.locator("[data-testid=transfer-status]:has-text('已反馈')").wait_for()
    finally:
        office.close()
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED


def test_leader_dashboard_charts_render(browser, people, dept_a, dept_b):
    rnd = RoundFactory()
    for dept in (dept_a, dept_b, dept_b):
        MeasureFactory(problem=ProblemFactory(round=rnd), lead_department=dept)
    register(people["inspector"])
    page = browser.login(people["leader"])
    page.goto("/")
    for chart in ("completion", "overdue", "months", "categories"):
        page.locator(f"#chart-{chart} svg").wait_for()
    assert page.locator("#chart-completion svg text:has-text('%')").count() > 0
    browser.shot("dashboard")
    # the measure list filters in place (htmx), keeping the filter in the address
    page.click("nav.sidenav a:has-text('整改措施')")
    page.wait_for_url("**/rectification/measures/")
    page.wait_for_load_state("load")  # htmx (a deferred script) listens before the pick, even on a loaded machine
    assert page.locator("#results tbody tr").count() == 3
    page.select_option("select[name=department]", label=dept_a.name)
    page.wait_for_url("**department=*")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")


def test_office_cannot_open_another_departments_measure_by_url(browser, people, dept_b):
    other = MeasureFactory(problem=ProblemFactory(round=RoundFactory()), lead_department=dept_b, content="乙部门的措施")
    page = browser.login(people["office_a"])
    response = page.goto(f"/rectification/measures/{other.pk}/")
    assert response.status == 404
    assert "乙部门的措施" not in page.content()
    assert "页面不存在" in page.content()
