"""Background jobs: large imports and exports run in the worker and end as the synchronous path does."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.jobs.services import jobs_delete_expired
from core.models import AuditLog, Job
from core.tasks import delete_expired_jobs_task, run_job_task
from organization.models import Department
from petitions.models import Petition
from rectification.models import Measure
from tests.core.jobs_helpers import content_of, sheet
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.importing import create_all
from tests.rectification.sheets import basic_rows, row, sheet_bytes

FEEDBACK = dt.date(2021, 9, 15)


@pytest.fixture
def empty_round(db):
    return RoundFactory(name="2021年市委第三巡察组巡察", feedback_date=FEEDBACK)


def _upload(client, rnd, data, **extra):
    url = reverse("rectification-round-ledger-import", args=[rnd.pk])
    if "names" not in extra and (names := create_all(data)):  # the names of these files are new: created
        extra["names"] = names
    return client.post(url, {"file": SimpleUploadedFile("台账.xlsx", data), **extra}, format="multipart")


def _ledger():
    measures = Measure.objects.order_by("problem__order", "order")
    return list(
        measures.values_list(
            "problem__text", "problem__aspect__title", "content", "deadline_kind", "due_date", "status",
            "lead_department__name", "responsible_person__name",
        )
    )  # fmt: skip


class _Rollback(Exception):
    pass


def _synchronous_ledger(client, rnd):
    """The ledger the synchronous import writes (rolled back afterwards)."""
    try:
        with transaction.atomic():
            assert _upload(client, rnd, sheet_bytes(basic_rows())).status_code == 200
            snapshot = _ledger()
            raise _Rollback
    except _Rollback:
        pass
    assert not Measure.objects.exists()
    return snapshot


# -- import ----------------------------------------------------------------------------------------


def test_a_big_import_runs_as_a_job_and_writes_the_same_ledger(
    empty_round, inspector, api_as, settings, eager, django_capture_on_commit_callbacks
):
    client = api_as(inspector)
    expected = _synchronous_ledger(client, empty_round)
    assert len(expected) == 5
    settings.IMPORT_BACKGROUND_ROWS = 5  # the sheet has 10 rows (title, 填报, header, 2 sections, 5 measures)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, empty_round, sheet_bytes(basic_rows()))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["kind"] == "ledger_import"
    assert body["url"] == reverse("job-detail", args=[body["id"]]) == response["Location"]
    status = client.get(body["url"]).json()
    assert status["status"] == "succeeded", status
    assert status["result"]["measures"] == 5 and status["result"]["round_id"] == empty_round.pk
    assert status["progress"]["percent"] == 100 and status["file_url"] is None
    assert _ledger() == expected
    job = Job.objects.get(pk=body["id"])
    assert not job.source  # the uploaded copy is gone once the job ended
    # the synchronous run was rolled back with its log row; the job's import is logged as the owner's
    assert AuditLog.objects.filter(event=AuditLog.Event.IMPORT, user=inspector, detail__dry_run=False).count() == 1


def test_a_bad_row_fails_the_job_with_the_synchronous_messages_and_writes_nothing(
    empty_round, inspector, api_as, settings, eager, django_capture_on_commit_callbacks
):
    client = api_as(inspector)
    rows = [*basic_rows(), row("最后的问题", "措施", seq=9, dept="全新部门", deadline="尽快")]
    synchronous = _upload(client, empty_round, sheet_bytes(rows))
    assert synchronous.status_code == 400
    settings.IMPORT_BACKGROUND_ROWS = 5
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, empty_round, sheet_bytes(rows))
    assert response.status_code == 202
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "failed"
    assert job["error"] == synchronous.json()["message"]  # 台账有 1 处问题，未导入任何内容
    assert job["error_detail"] == synchronous.json()["detail"]["errors"]
    assert any("尽快" in issue["value"] for issue in job["error_detail"])
    assert not Measure.objects.exists()
    assert not Department.objects.filter(name="全新部门").exists()


def test_a_big_dry_run_is_a_job_too_and_writes_nothing(
    empty_round, inspector, api_as, settings, eager, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client = api_as(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, empty_round, sheet_bytes(basic_rows()), dry_run="true")
    job = client.get(response.json()["url"]).json()
    assert (job["status"], job["result"]["dry_run"], job["result"]["measures"]) == ("succeeded", True, 5)
    assert not Measure.objects.exists()


def test_a_small_import_stays_synchronous(empty_round, inspector, api_as, settings):
    settings.IMPORT_BACKGROUND_ROWS = 10  # exactly the sheet's rows: not above the threshold
    assert _upload(api_as(inspector), empty_round, sheet_bytes(basic_rows())).status_code == 200
    assert not Job.objects.exists()


def test_the_worker_task_runs_a_job_once(empty_round, inspector, api_as, settings, django_capture_on_commit_callbacks):
    """Without eager mode the request only queues; the worker's task (called here directly) runs it,
    and a second delivery of the same task finds it claimed and writes nothing more."""
    settings.IMPORT_BACKGROUND_ROWS = 5
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(api_as(inspector), empty_round, sheet_bytes(basic_rows()))
    assert len(callbacks) == 1
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == Job.Status.QUEUED and job.source and job.progress_total == 10
    assert run_job_task(job.pk) == Job.Status.SUCCEEDED
    assert run_job_task(job.pk) is None
    assert Measure.objects.count() == 5


# -- exports ---------------------------------------------------------------------------------------


def _round_with_measures(dept_a, dept_b):
    rnd = RoundFactory(name="2022年巡察")
    for i in range(4):
        problem = ProblemFactory(round=rnd, order=i + 1, text=f"问题{i}")
        MeasureFactory(problem=problem, lead_department=dept_a, content=f"甲的措施{i}")
        MeasureFactory(problem=problem, lead_department=dept_b, content=f"乙的措施{i}")
    return rnd


def _via_job(client, url, params, capture):
    with capture(execute=True):  # the task queued on commit runs (eagerly) when the block ends
        response = client.get(url, params or {})
    assert response.status_code == 202, response.content[:300]
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "succeeded", job
    download = client.get(job["file_url"])
    assert download.status_code == 200
    return job, content_of(download)


def test_a_round_export_job_writes_what_the_owner_sees(
    office_a, dept_a, dept_b, api_as, settings, eager, django_capture_on_commit_callbacks
):
    rnd = _round_with_measures(dept_a, dept_b)
    client = api_as(office_a)
    url = reverse("rectification-round-ledger-export", args=[rnd.pk])
    synchronous = sheet(content_of(client.get(url)))
    settings.EXPORT_BACKGROUND_ROWS = 3  # the office sees 4 measures
    job, content = _via_job(client, url, None, django_capture_on_commit_callbacks)
    assert sheet(content) == synchronous
    assert "甲的措施0" in str(synchronous) and "乙的措施0" not in str(synchronous)
    assert job["result"]["rows"] == 4 and job["file_name"].endswith(".xlsx")
    log = AuditLog.objects.filter(event=AuditLog.Event.EXPORT, user=office_a).latest("id")
    assert log.detail["job"] == job["id"] and log.detail["rows"] == 4 and log.target == "整改台账：2022年巡察"


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("petition-export", "petition_export"),
        ("clue-export", "clue_export"),
        ("recommendation-export", "recommendation_export"),
    ],
)
def test_an_export_job_file_equals_the_synchronous_export(
    url_name, kind, inspector, supervisor, api_as, settings, eager, django_capture_on_commit_callbacks
):
    for i in range(3):
        register(inspector, summary=f"反映事项{i}")
    client = api_as(supervisor)
    query = {"kind": "complaint"} if url_name == "petition-export" else {}
    synchronous = sheet(content_of(client.get(reverse(url_name), query)))
    settings.EXPORT_BACKGROUND_ROWS = -1  # every export, however small, goes to the worker
    job, content = _via_job(client, reverse(url_name), query, django_capture_on_commit_callbacks)
    assert job["kind"] == kind
    assert sheet(content) == synchronous
    assert job["parameters"]["filters"] == {k: [v] for k, v in query.items()}
    if url_name == "petition-export":
        assert job["result"]["rows"] == Petition.objects.count() == 3


def test_a_failed_export_says_why(office_a, dept_a, dept_b, api_as, settings, django_capture_on_commit_callbacks):
    rnd = _round_with_measures(dept_a, dept_b)
    settings.EXPORT_BACKGROUND_ROWS = 0
    client = api_as(office_a)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(reverse("rectification-round-ledger-export", args=[rnd.pk]))
    rnd.archived_at = timezone.now()
    rnd.save()
    run_job_task(response.json()["id"])
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "failed" and "无权查看" in job["error"]
    assert client.get(reverse("job-file", args=[job["id"]])).status_code == 404


# -- status, list, expiry --------------------------------------------------------------------------


def test_the_status_endpoint_costs_fixed_queries(inspector, api_as, django_assert_max_num_queries):
    from core.jobs.services import job_start

    with transaction.atomic():
        jobs = [job_start(owner=inspector, kind="ledger_import", total=10) for _ in range(30)]
    client = api_as(inspector)
    # actor (4) + the job (1) = 5, whatever the job
    with django_assert_max_num_queries(5):
        assert client.get(reverse("job-detail", args=[jobs[0].pk])).status_code == 200
    # actor (4) + count + page (1 each) = 6 for 30 jobs: no query per job
    with django_assert_max_num_queries(6):
        rows = client.get(reverse("job-list")).json()["results"]
    assert len(rows) == 30


def test_the_list_shows_own_jobs_only(inspector, supervisor, api_as):
    from core.jobs.services import job_start

    with transaction.atomic():
        mine = job_start(owner=inspector, kind="ledger_import")
        job_start(owner=supervisor, kind="ledger_import")
    assert [j["id"] for j in api_as(inspector).get(reverse("job-list")).json()["results"]] == [mine.pk]


def test_expired_jobs_and_their_files_are_deleted(
    office_a, dept_a, dept_b, api_as, settings, eager, django_capture_on_commit_callbacks
):
    rnd = _round_with_measures(dept_a, dept_b)
    settings.EXPORT_BACKGROUND_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        old = api_as(office_a).get(reverse("rectification-round-ledger-export", args=[rnd.pk])).json()
        fresh = api_as(office_a).get(reverse("rectification-round-ledger-export", args=[rnd.pk])).json()
    old_job = Job.objects.get(pk=old["id"])
    path = old_job.file.path
    Job.objects.filter(pk=old_job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert delete_expired_jobs_task() == {"interrupted": 0, "deleted": 1}
    assert not Job.objects.filter(pk=old_job.pk).exists()
    assert not __import__("os").path.exists(path)
    assert Job.objects.get(pk=fresh["id"]).file
    assert jobs_delete_expired() == 0


def test_the_cleanup_is_in_the_beat_schedule(db):
    task = PeriodicTask.objects.select_related("interval").get(task="core.tasks.delete_expired_jobs_task")
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "hours")


def test_a_job_whose_worker_died_is_marked_failed_by_the_cleanup(office_a, settings):
    settings.JOB_STALE_MINUTES = 120
    now = timezone.now()
    stale = Job.objects.create(
        kind="rectification.round_ledger_export", owner=office_a, status=Job.Status.RUNNING,
        started_at=now - dt.timedelta(minutes=121), expires_at=now + dt.timedelta(days=1),
    )  # fmt: skip
    busy = Job.objects.create(
        kind="rectification.round_ledger_export", owner=office_a, status=Job.Status.RUNNING,
        started_at=now - dt.timedelta(minutes=119), expires_at=now + dt.timedelta(days=1),
    )  # fmt: skip
    assert delete_expired_jobs_task() == {"interrupted": 1, "deleted": 0}
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.status == Job.Status.FAILED and "中断" in stale.error and stale.finished_at
    assert busy.status == Job.Status.RUNNING


def test_the_job_task_is_queued_by_the_name_it_is_registered_under():
    from celery import current_app

    from core.jobs.services import RUN_TASK

    assert run_job_task.name == RUN_TASK
    assert RUN_TASK in current_app.tasks
