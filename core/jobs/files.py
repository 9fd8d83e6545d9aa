"""Handing a job's file to its owner: the kind is asked again whether the owner still may have it."""

from django.http import FileResponse, Http404

from core.audit import log_event
from core.jobs.registry import job_kind
from core.models import AuditLog, Job


def serve_job_file(request, job: Job):
    """``job`` comes from ``job_get`` (the owner's own). 404 unless it succeeded with a file and the
    owner still has the right (a role taken away, a round no longer visible: 404 like a missing job).
    The download is recorded in the security log as an export, like the synchronous exports."""
    kind = job_kind(job.kind)
    if job.status != Job.Status.SUCCEEDED or not job.file or kind is None or kind.may_download is None:
        raise Http404
    if not kind.may_download(request.user, job):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log_event(
        AuditLog.Event.EXPORT,
        request=request,
        target=kind.audit_target(job),
        rows=job.result.get("rows", 0),
        job=job.pk,
        filters=job.parameters.get("filters", {}),
    )
    return FileResponse(
        handle, as_attachment=True, filename=job.file_name or f"job-{job.pk}", content_type=job_content_type(job)
    )


def job_content_type(job):
    if job.file_name.lower().endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/octet-stream"
