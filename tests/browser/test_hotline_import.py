"""导入12345工单 in the browser: a 纪检 inspector checks a GBK CSV and an .xlsx, confirms, watches the
worker finish, re-uploads (nothing new), sees a bad row refused with its place, and unmapped
words listed for a decision — on a desktop and a 375 px phone."""

import pytest

from core.models import Job
from core.tasks import run_job_task
from organization.roles import Role
from petitions.models import HotlineSource, Petition
from tests.factories import make_user
from tests.petitions.hotline_helpers import HEADERS_A, HEADERS_B, csv_bytes, ticket, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 800}


def _run_queued():
    """What the worker does (the live server queues; this test plays the worker)."""
    for pk in Job.objects.filter(status=Job.Status.QUEUED).values_list("pk", flat=True):
        run_job_task(pk)


def _upload(page, path):
    page.goto("/petitions/hotline/")
    page.select_option("select[name=source]", label="市12345热线")
    page.set_input_files("input[name=file]", str(path))
    page.locator("button:has-text('上传并检查')").press("Enter")
    page.locator("[data-testid=job-progress]").wait_for()  # the progress page, polling
    _run_queued()
    page.locator("[data-testid=hotline-counts]").wait_for()  # the script saw the job end and reloaded


def _counts(page):
    return tuple(
        page.locator(f"[data-testid=count-{k}]").inner_text() for k in ("new", "updated", "unchanged", "refused")
    )


def _confirm(page):
    page.locator("[data-testid=confirm-import]").press("Enter")
    page.locator("[data-testid=job-progress]").wait_for()
    _run_queued()
    page.locator("h2:has-text('已导入')").wait_for()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_inspector_checks_confirms_and_reimports_a_hotline_export(browser, tmp_path, width):
    inspector = make_user(Role.INSPECTOR, username=f"jijian_hotline_{width}", person_name="纪检干部甲")
    HotlineSource.objects.create(name="市12345热线")
    page = browser.login(inspector)
    if width != 1280:
        page.set_viewport_size(PHONE)
    tag = f"hotline-{width}"
    gbk = tmp_path / "工单导出.csv"
    gbk.write_bytes(csv_bytes([ticket(1), ticket(2, satisfaction="不满意")], headers=HEADERS_B, encoding="gbk"))

    _upload(page, gbk)
    assert _counts(page) == ("2 件", "0 件", "0 件", "0 行")
    assert not Petition.objects.exists()  # the check wrote nothing
    browser.shot(f"{tag}-checked")
    _confirm(page)
    assert Petition.objects.count() == 2
    browser.shot(f"{tag}-imported")

    _upload(page, gbk)  # the same file again: nothing new, nothing changed
    assert _counts(page) == ("0 件", "0 件", "2 件", "0 行")

    workbook = tmp_path / "工单明细.xlsx"
    workbook.write_bytes(xlsx_bytes([ticket(2, satisfaction="基本满意"), ticket(3)], headers=HEADERS_A))
    _upload(page, workbook)
    assert _counts(page) == ("1 件", "1 件", "0 件", "0 行")
    _confirm(page)
    assert Petition.objects.count() == 3

    bad = tmp_path / "有错误的工单.xlsx"
    bad.write_bytes(xlsx_bytes([ticket(4), ticket(5, received_at="2026-13-45 10:00")]))
    _upload(page, bad)
    errors = page.locator("[data-testid=import-errors]")
    sheet, row, column, value, reason = errors.locator("tbody tr").first.locator("td").all_inner_texts()
    assert (sheet, row, column, value) == ("工单明细", "5", "来电时间", "2026-13-45 10:00") and "日期不存在" in reason
    assert page.locator("[data-testid=confirm-import]").count() == 0
    browser.shot(f"{tag}-refused")
    assert Petition.objects.count() == 3  # nothing of it written

    words = tmp_path / "新类别.xlsx"
    words.write_bytes(xlsx_bytes([ticket(6, category="窗口服务"), ticket(7, category="窗口服务")]))
    _upload(page, words)
    unmapped = page.locator("[data-testid=unmapped]")
    assert "窗口服务" in unmapped.inner_text() and page.locator("[data-testid=confirm-import]").count() == 0
    browser.shot(f"{tag}-unmapped")
    assert Petition.objects.count() == 3
