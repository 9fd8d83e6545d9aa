"""The 信访台账 export as a background job (when it has more than ``EXPORT_BACKGROUND_ROWS`` rows)."""

from django.utils import timezone

from core.api.jobs import export_runner
from core.jobs.registry import register_job_kind
from core.jobs.scope import scope_still_held
from petitions import permissions
from petitions.exports import write_ledger

PETITION_EXPORT = "petition_export"


def _may_download(user, job):
    return scope_still_held(user, job) and permissions.can_export(user)


register_job_kind(
    PETITION_EXPORT,
    label="导出信访台账",
    run=export_runner(
        "petitions.api.views.PetitionViewSet", write_ledger, lambda: f"信访台账-{timezone.localdate():%Y%m%d}.xlsx"
    ),
    may_download=_may_download,
    audit_target=lambda job: "信访台账",
)
