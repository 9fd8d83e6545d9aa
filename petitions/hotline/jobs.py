"""The worker's side of a 12345 import: the job kind ``HOTLINE_IMPORT`` (petitions.hotline.runs)."""

from core.jobs.registry import JobFailed, JobOutcome, register_job_kind
from core.jobs.scope import scope_still_held
from petitions import permissions
from petitions.hotline.runs import HOTLINE_IMPORT, run
from petitions.models import HotlineImport

GONE = "该导入记录不存在，任务未执行"
NO_RIGHT = "您已不再是纪检干部，导入未执行"


def _run(job, progress):
    imp = HotlineImport.objects.select_related("source").filter(pk=job.parameters.get("import_id")).first()
    if imp is None:
        raise JobFailed(GONE)
    if not scope_still_held(job.owner, job) or not permissions.can_register(job.owner):
        HotlineImport.objects.filter(pk=imp.pk).update(state=HotlineImport.State.FAILED)
        raise JobFailed(NO_RIGHT)
    with job.source.open("rb") as handle:
        data = handle.read()
    summary = run(imp, data, user=job.owner, job_progress=progress)
    imp.refresh_from_db()
    return JobOutcome(
        result={"import_id": imp.pk, "state": imp.state, "counts": imp.counts},
        rows=summary.rows if summary else 0,
        keep_source=imp.dry_run and bool(imp.stored_file),
    )


register_job_kind(HOTLINE_IMPORT, label="导入12345工单", run=_run)
