"""The 线索台账 and 建议书台账 exports as background jobs (more than ``EXPORT_BACKGROUND_ROWS`` rows)."""

from django.utils import timezone

from core.api.jobs import export_runner
from core.errors import ApplicationError
from core.jobs.registry import register_job_kind
from core.jobs.scope import scope_still_held
from discipline.exports import clue_ledger, recommendation_ledger
from discipline.selectors.clues import require_clue_reader

CLUE_EXPORT = "clue_export"
RECOMMENDATION_EXPORT = "recommendation_export"


def _may_download_clues(user, job):
    if not scope_still_held(user, job):
        return False
    try:
        require_clue_reader(user)
    except ApplicationError:
        return False
    return True


register_job_kind(
    CLUE_EXPORT,
    label="导出线索台账",
    run=export_runner(
        "discipline.api.views.clues.ClueViewSet", clue_ledger, lambda: f"线索台账-{timezone.localdate():%Y%m%d}.xlsx"
    ),
    may_download=_may_download_clues,
    audit_target=lambda job: "线索台账",
)
register_job_kind(
    RECOMMENDATION_EXPORT,
    label="导出建议书台账",
    run=export_runner(
        "discipline.api.views.recommendations.RecommendationViewSet",
        recommendation_ledger,
        lambda: f"建议书台账-{timezone.localdate():%Y%m%d}.xlsx",
    ),
    may_download=scope_still_held,
    audit_target=lambda job: "建议书台账",
)
