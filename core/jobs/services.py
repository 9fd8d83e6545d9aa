"""Starting, running and cleaning up background jobs.

``job_start`` stores the job (and the uploaded file, if any) and queues the task after commit;
``job_run`` is what the worker calls: it claims a queued job with one conditional UPDATE (so
a task delivered twice runs the job once), calls the kind's runner and records the outcome.
Progress is two columns written with ``update()`` at most every few percent (``Progress``).
"""

import logging
import os
import uuid
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.jobs.registry import JobFailed, JobOutcome, job_kind
from core.models import Job

RUN_TASK = "core.tasks.run_job_task"

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "任务执行时发生系统错误，未完成，也未写入任何内容；请稍后重新提交，或联系系统管理员"
UNKNOWN_KIND = "系统不再支持这类任务，未执行"
INTERRUPTED = "任务在完成前中断（后台处理进程已退出），未写入任何内容；请重新提交"


def _expiry(now=None):
    return (now or timezone.now()) + timedelta(hours=settings.JOB_FILE_HOURS)


def job_start(*, owner, kind, parameters=None, total=0, source=None, source_ext=".xlsx", source_name="") -> Job:
    """Record a job for ``owner`` and queue it for the worker once the transaction commits.

    ``source``: an uploaded file the runner reads (kept under MEDIA_ROOT/jobs/in until the job ends);
    ``source_name``: instead, a file already stored there (handed over by an earlier job).
    """
    job = Job(
        kind=kind,
        owner=owner,
        parameters=parameters or {},
        progress_total=max(0, int(total)),
        expires_at=_expiry(),
    )
    if source_name:
        job.source.name = source_name
    elif source is not None:
        source.seek(0)
        job.source.save(f"{uuid.uuid4().hex}{source_ext}", File(source), save=False)
    job.save()
    # By name: core.tasks imports this module, and this one does not import it back.
    transaction.on_commit(lambda: current_app.tasks[RUN_TASK].delay(job.pk))
    return job


class Progress:
    """Counts work done and writes it to the job row now and then (not for every row)."""

    STEPS = 50  # at most ~50 writes per job, whatever its size

    def __init__(self, job_id, total=0):
        self.job_id = job_id
        self.total = max(0, int(total))
        self.done = 0
        self._written = 0

    def set_total(self, total):
        self.total = max(0, int(total))
        self._write()

    def advance(self, done):
        """``done``: work finished so far, in the job's units (rows)."""
        self.done = min(int(done), self.total) if self.total else int(done)
        if self.done - self._written >= max(1, self.total // self.STEPS):
            self._write()

    def fraction(self, part):
        """Set progress to ``part`` (0..1) of the total — for phases measured by stage, not row."""
        self.advance(int(self.total * part))

    def _write(self):
        self._written = self.done
        Job.objects.filter(pk=self.job_id).update(progress_done=self.done, progress_total=self.total)


def _claim(job_id) -> bool:
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING, started_at=now)
    )


def _finish(job, **fields):
    now = timezone.now()
    fields.update(finished_at=now, expires_at=_expiry(now))
    Job.objects.filter(pk=job.pk).update(**fields)


def job_run(job_id):
    """Run a queued job once (a second delivery of the task finds it claimed and does nothing).

    A ``JobFailed`` from the runner becomes the job's Chinese error message and detail; any other
    exception is logged and reported as a system error. The runner writes in its own
    transactions (an import: one, or nothing), so a failed job has written nothing.
    """
    if not _claim(job_id):
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = job_kind(job.kind)
    progress = Progress(job.pk, job.progress_total)
    keep_source = False
    try:
        if kind is None:
            raise JobFailed(UNKNOWN_KIND)
        outcome = kind.run(job, progress) or JobOutcome()
    except JobFailed as exc:
        _finish(job, status=Job.Status.FAILED, error=exc.message, error_detail=exc.detail)
    except ApplicationError as exc:  # a business refusal (a cell too long for Excel, ...): its own words
        _finish(job, status=Job.Status.FAILED, error=exc.message)
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=Job.Status.FAILED, error=INTERNAL_ERROR)
    else:
        keep_source = outcome.keep_source
        _store_result(job, outcome)
        done = progress.total or progress.done
        _finish(
            job,
            status=Job.Status.SUCCEEDED,
            result={**outcome.result, "rows": outcome.rows},
            file=job.file.name,
            file_name=outcome.file_name[:200],
            progress_done=done,
            progress_total=done,
        )
    finally:
        if not keep_source:
            _drop_source(job)
    return Job.objects.get(pk=job_id)


def _store_result(job, outcome):
    if outcome.content is None:
        return
    content = outcome.content
    data = ContentFile(content) if isinstance(content, bytes | bytearray) else File(content)
    ext = os.path.splitext(outcome.file_name)[1].lower() or ".bin"
    job.file.save(f"{uuid.uuid4().hex}{ext}", data, save=False)


def _drop_source(job):
    if job.source:
        job.source.delete(save=False)
        Job.objects.filter(pk=job.pk).update(source="")


def jobs_fail_stale(now=None) -> int:
    """Mark failed the jobs "running" for longer than JOB_STALE_MINUTES: their worker died
    mid-job (an import writes in one transaction, so it left nothing behind)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.JOB_STALE_MINUTES)
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lte=cutoff).update(
        status=Job.Status.FAILED, error=INTERRUPTED, finished_at=now, expires_at=_expiry(now)
    )


def jobs_delete_expired(now=None) -> int:
    """Delete jobs past their expiry, with their files (the beat runs this hourly)."""
    now = now or timezone.now()
    count = 0
    # A job still "running" a day after its expiry was set has lost its worker: it goes too.
    for job in Job.objects.filter(expires_at__lte=now).iterator():
        for stored in (job.file, job.source):
            if stored:
                stored.delete(save=False)
        job.delete()
        count += 1
    return count
