"""巡察整改 work that may run in the background: a large ledger import, a large round export.

The API and the web pages call ``ledger_import_job`` / ``round_export_job``: each answers None
when the work is small (the caller then does it in the request, exactly as before) or the
queued ``Job``. The runners below are what the worker calls, with the owner's id only: they
load the owner and start again from the visibility selectors.
"""

import datetime as dt
import tempfile

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from core.errors import ApplicationError
from core.excel import CellTooLong
from core.jobs.registry import JobFailed, JobOutcome, register_job_kind
from core.jobs.scope import owner_scope, scope_still_held
from core.jobs.services import job_start
from core.scoping import actor_for, visible_to
from rectification import permissions, selectors
from rectification.ledger import LedgerInvalid, export_ledger, import_ledger
from rectification.ledger.names import KIND_LABELS, MATCH_LABELS, NameDecisions, NamesUndecided
from rectification.ledger.reader import sheet_rows
from rectification.models import InspectionRound

LEDGER_IMPORT = "ledger_import"
ROUND_EXPORT = "round_ledger_export"
ROUND_GONE = "该巡察轮次不存在，或您已无权查看，任务未执行"


def _upload_name(upload):
    return (getattr(upload, "name", "") or "台账.xlsx")[:200]


def ledger_import_job(*, user, upload, round=None, round_name="", feedback_date=None, dry_run=False, names=None):
    """Queue the import of ``upload`` when its sheets hold more than ``IMPORT_BACKGROUND_ROWS`` rows;
    ``names`` (NameDecisions) are stored with the job, for the worker."""
    rows = sheet_rows(upload)
    if rows <= settings.IMPORT_BACKGROUND_ROWS:
        return None
    if not permissions.can_manage(user):
        raise ApplicationError("只有纪检干部可以导入整改台账", code="permission_denied", status=403)
    parameters = {
        "round_id": round.pk if round else None,
        "round_name": round.name if round else (round_name or ""),
        "feedback_date": feedback_date.isoformat() if feedback_date else "",
        "dry_run": bool(dry_run),
        "names": (names or NameDecisions()).as_data(),
        "file": _upload_name(upload),
        "scope": owner_scope(user),
    }
    return job_start(owner=user, kind=LEDGER_IMPORT, parameters=parameters, total=rows, source=upload)


def _run_import(job, progress):
    owner, params = job.owner, job.parameters
    round = None
    if params.get("round_id"):
        try:
            round = selectors.round_get(user=owner, pk=params["round_id"])
        except Http404:
            raise JobFailed(ROUND_GONE) from None
    feedback = dt.date.fromisoformat(params["feedback_date"]) if params.get("feedback_date") else None
    try:
        with job.source.open("rb") as handle:
            summary = import_ledger(
                source=handle,
                user=owner,
                round=round,
                round_name=params.get("round_name") or None,
                feedback_date=feedback,
                dry_run=params.get("dry_run", False),
                progress=progress,
                names=NameDecisions.from_data(params.get("names")),
            )
    except LedgerInvalid as exc:
        raise JobFailed(exc.message, [issue.as_dict() for issue in exc.issues]) from None
    except NamesUndecided as exc:  # the confirmation did not say what each name is: nothing created
        raise JobFailed(exc.message, [_undecided_row(m) for m in exc.matches]) from None
    except ApplicationError as exc:  # the round filled meanwhile, a role taken away: say so
        raise JobFailed(exc.message) from None
    # A check (dry run) keeps the file: the owner may confirm the import of the very same file.
    return JobOutcome(
        result={**summary.as_dict(), "round_id": summary.round_id},
        rows=summary.measures,
        keep_source=bool(params.get("dry_run")),
    )


def _undecided_row(match) -> dict:
    """A name to decide, as a row of the job page's problem table."""
    sheet, row = match.rows[0] if match.rows else ("", None)
    return {
        "sheet": sheet,
        "row": row,
        "column": KIND_LABELS[match.kind],
        "value": match.name,
        "reason": f"{MATCH_LABELS[match.match]}：请在导入页面确认对应到哪条记录或新建",
    }


def ledger_import_confirm_job(*, user, checked, names=None):
    """The import of the file a background check (``checked``, the user's own job) passed, with the
    ``names`` decided on the check's page; None when that check is not a passed dry run any more, or
    its file was already taken by a confirmation."""
    params = checked.parameters
    if checked.kind != LEDGER_IMPORT or checked.status != checked.Status.SUCCEEDED or not params.get("dry_run"):
        return None
    if not checked.source or not type(checked).objects.filter(pk=checked.pk, source=checked.source.name).update(
        source=""
    ):
        return None  # a second click: the first confirmation has the file
    parameters = {
        **params,
        "dry_run": False,
        "checked_job": checked.pk,
        "scope": owner_scope(user),
        "names": (names or NameDecisions()).as_data(),
    }
    return job_start(
        owner=user,
        kind=LEDGER_IMPORT,
        parameters=parameters,
        total=checked.progress_total,
        source_name=checked.source.name,
    )


def round_export_job(*, user, round, only=None):
    """Queue the round's ledger export when the user sees more than ``EXPORT_BACKGROUND_ROWS`` measures
    (of ``only``, a list of measure ids, when given: the worker writes those alone)."""
    measures = selectors.visible_measures(user=user).filter(problem__round=round)
    if only is not None:
        measures = measures.filter(pk__in=only)
    count = measures.count()
    if count <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    parameters = {"round_id": round.pk, "round_name": round.name, "scope": owner_scope(user)}
    if only is not None:  # the ids as they are now: the worker starts again from the visibility selectors
        parameters["measure_ids"] = list(measures.order_by("pk").values_list("pk", flat=True))
    return job_start(owner=user, kind=ROUND_EXPORT, parameters=parameters, total=count)


def _export_file_name(round):
    return f"整改台账-{round.name}-{timezone.localdate():%Y%m%d}.xlsx"


def _run_export(job, progress):
    try:
        round = selectors.round_get(user=job.owner, pk=job.parameters["round_id"])
    except Http404:
        raise JobFailed(ROUND_GONE) from None
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the job service stores and closes it
    try:
        only = job.parameters.get("measure_ids")
        measures = export_ledger(user=job.owner, round=round, out=handle, progress=progress, record=False, only=only)
    except CellTooLong as exc:
        handle.close()
        raise JobFailed(exc.message) from None
    handle.seek(0)
    return JobOutcome(
        result={"round_id": round.pk, "measures": measures},
        content=handle,
        file_name=_export_file_name(round),
        rows=measures,
    )


def _may_download_export(user, job):
    """The owner still holds the roles and departments of the export, and still sees the round."""
    if not scope_still_held(user, job) or not actor_for(user).roles:
        return False
    rounds = visible_to(InspectionRound, user=user).filter(archived_at__isnull=True)
    return rounds.filter(pk=job.parameters.get("round_id")).exists()


register_job_kind(LEDGER_IMPORT, label="导入整改台账", run=_run_import)
register_job_kind(
    ROUND_EXPORT,
    label="导出整改台账",
    run=_run_export,
    may_download=_may_download_export,
    audit_target=lambda job: f"整改台账：{job.parameters.get('round_name', '')}",
)
