"""A large ledger in the browser: checked and imported in the background, with a progress page."""

import shutil
from pathlib import Path

import pytest

from core.models import Job
from core.tasks import run_job_task
from organization.roles import Role
from rectification.models import InspectionRound, Measure
from tests.browser.harness import create_every_name
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-sample.xlsx"


def _run_queued():
    """What the worker does (the live server queues; this test plays the worker)."""
    for pk in Job.objects.filter(status=Job.Status.QUEUED).values_list("pk", flat=True):
        run_job_task(pk)


def test_a_large_ledger_is_checked_and_imported_in_the_background(browser, settings, tmp_path):
    settings.IMPORT_BACKGROUND_ROWS = 5
    settings.EXPORT_BACKGROUND_ROWS = 1
    inspector = make_user(Role.INSPECTOR, username="jijian_jobs", person_name="纪检干部甲")
    ledger = tmp_path / "台账.xlsx"
    shutil.copy(SAMPLE, ledger)
    page = browser.login(inspector)
    page.goto("/rectification/import/")
    page.set_input_files("input[name=file]", str(ledger))
    page.fill("input[name=round_name]", "2021年市委第三巡察组巡察")
    page.fill("input[name=feedback_date]", "2021-09-15")
    page.click("button:has-text('上传并检查')")
    page.locator("[data-testid=job-progress]").wait_for()  # the progress page, polling
    assert "排队中" in page.locator("[data-testid=job-status]").inner_text()
    _run_queued()
    preview = page.locator("[data-testid=import-preview]")
    preview.wait_for()  # the script saw the job finish and reloaded the page
    assert "整改措施" in preview.inner_text()
    assert not InspectionRound.objects.exists()  # the check wrote nothing
    create_every_name(page)  # the names are new here (choosing them: test_ledger_import_names)
    page.click("button:has-text('确认导入')")
    page.locator("[data-testid=job-progress]").wait_for()
    _run_queued()
    page.locator("[data-testid=import-done]").wait_for()
    rnd = InspectionRound.objects.get(name="2021年市委第三巡察组巡察")
    assert Measure.objects.filter(problem__round=rnd).count() > 1

    # the round's export is large too: a job, then the download
    page.click("a:has-text('查看巡察轮次')")
    page.click("a:has-text('导出整改台账')")
    page.locator("[data-testid=job-progress]").wait_for()
    _run_queued()
    download_link = page.locator("[data-testid=job-download] a")
    download_link.wait_for()
    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / "导出.xlsx"
    info.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    page.goto("/jobs/")
    assert page.locator("[data-testid=job-list] tbody tr").count() == 3
