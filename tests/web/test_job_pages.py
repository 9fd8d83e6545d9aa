"""The job pages without a browser: the ledger import page sends a large file to a job, the job
page offers the next step, and a confirmation is taken once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from core.tasks import run_job_task
from rectification.models import InspectionRound, Measure
from tests.rectification.sheets import basic_rows, row, sheet_bytes

pytestmark = pytest.mark.django_db


def _post(client, data):
    upload = SimpleUploadedFile("台账.xlsx", data)
    form = {"file": upload, "round_name": "2021年巡察", "feedback_date": "2021-09-15"}
    return client.post(reverse("web:ledger-import"), form)


def test_a_large_upload_is_checked_then_imported_by_the_worker(client, inspector, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client.force_login(inspector)
    response = _post(client, sheet_bytes(basic_rows()))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:job-detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and "刷新" in page and 'src="/static/js/jobs.js"' in page
    run_job_task(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "检查通过：确认导入？" in page and not InspectionRound.objects.exists()
    confirm = reverse("web:job-confirm-import", args=[job.pk])
    selects = re.findall(r'<select name="(name-\d+)"', page)
    assert len(selects) == 6  # 办公室 王建国 李静 督办处 张敏 受理一处: none exists here
    undecided = client.post(confirm, follow=True)  # back to the decision table, the file kept
    assert "还有 6 个部门或人员名称未选择" in undecided.content.decode() and Job.objects.count() == 1
    follow = client.post(confirm, dict.fromkeys(selects, "create"))
    assert follow.status_code == 302
    again = client.post(confirm, dict.fromkeys(selects, "create"))  # a second click: the file went with the first
    assert again["Location"] == reverse("web:ledger-import")
    assert Job.objects.count() == 2
    run_job_task(Job.objects.latest("id").pk)
    assert Measure.objects.count() == 5
    assert "查看巡察轮次" in client.get(follow["Location"]).content.decode()


def test_a_failed_background_check_lists_every_row(client, inspector, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client.force_login(inspector)
    _post(client, sheet_bytes([*basic_rows(), row("问题", "措施", seq=9, deadline="尽快")]))
    job = Job.objects.get()
    run_job_task(job.pk)
    page = client.get(reverse("web:job-detail", args=[job.pk])).content.decode()
    assert "台账有 1 处问题，未导入任何内容" in page and "尽快" in page
    assert client.post(reverse("web:job-confirm-import", args=[job.pk]))["Location"] == reverse("web:ledger-import")
    assert not Measure.objects.exists()


def test_a_small_upload_keeps_the_preview_in_the_page(client, inspector):
    client.force_login(inspector)
    response = _post(client, sheet_bytes(basic_rows()))
    assert response.status_code == 200 and "检查通过" in response.content.decode()
    assert not Job.objects.exists()


def test_someone_elses_job_page_and_confirmation_are_404(client, inspector, supervisor, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client.force_login(inspector)
    _post(client, sheet_bytes(basic_rows()))
    job = Job.objects.get()
    run_job_task(job.pk)
    client.force_login(supervisor)
    assert client.get(reverse("web:job-detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("web:job-confirm-import", args=[job.pk])).status_code == 404
    assert Job.objects.count() == 1


def test_the_petition_export_button_goes_to_a_job_when_large(client, supervisor, settings):
    client.force_login(supervisor)
    small = client.get(reverse("web:petition-export"), {"kind": "complaint"})
    assert small.status_code == 200 and small["Content-Disposition"].startswith("attachment")
    settings.EXPORT_BACKGROUND_ROWS = -1
    large = client.get(reverse("web:petition-export"), {"kind": "complaint"})
    job = Job.objects.get()
    assert large["Location"] == reverse("web:job-detail", args=[job.pk])
    assert job.parameters["filters"] == {"kind": ["complaint"]}


def test_an_office_cannot_use_the_petition_export_button(client, office_a):
    client.force_login(office_a)
    assert client.get(reverse("web:petition-export")).status_code == 403
