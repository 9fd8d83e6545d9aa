"""The 信访台账 export as a background job (when it has more than ``EXPORT_BACKGROUND_ROWS`` rows)."""

from core.jobs.registry import JobOutcome, register_job_kind
from core.jobs.scope import scope_still_held
from petitions import permissions
from petitions.exports import PETITION_EXPORT, ledger_file_name, ledger_queryset, write_ledger
from petitions.hotline import jobs as hotline_jobs  # noqa: F401  (registers the 12345 import)

__all__ = ["PETITION_EXPORT"]


def _may_download(user, job):
    return scope_still_held(user, job) and permissions.can_export(user)


def _run_export(job, progress):
    """Rebuild the export's rows for the owner (as the synchronous export reads them), write the workbook."""
    queryset = ledger_queryset(user=job.owner, query=job.parameters.get("query", ""))
    content, rows = write_ledger(queryset, progress=progress)
    return JobOutcome(content=content, file_name=ledger_file_name(), rows=rows)


register_job_kind(
    PETITION_EXPORT,
    label="导出信访台账",
    run=_run_export,
    may_download=_may_download,
    audit_target=lambda job: "信访台账",
)
