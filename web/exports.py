"""The lists' Excel exports: 导出所选 (the checked rows) and 导出筛选结果 (the rows the list's filters
and 范围 select), for 信访件, 转办件, 问题线索 and 纪律检查建议书 (整改措施 export the round's ledger:
``web.views.bulk``).

Each export is defined once here — who may take it, its sheet and its name — and reads its rows
through the list's own definition (``web.lists``: visibility selector, FilterSet, sorts, open), so a
sheet holds what the page shows. A large filtered export goes to the worker as a ``list_export`` job,
which rebuilds the same rows for its owner when it runs; its file is given only to an owner who still
holds the roles and departments recorded when it started and may still take the export.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from core.errors import ApplicationError
from core.jobs.registry import JobFailed, JobOutcome, register_job_kind
from core.jobs.scope import owner_scope, scope_still_held
from core.jobs.services import job_start
from core.scoping import actor_for
from discipline import permissions as discipline_permissions
from discipline.exports import clue_ledger, recommendation_ledger
from petitions import exports as petition_exports
from petitions import permissions as petition_permissions
from web.lists import CLUES, PETITIONS, RECOMMENDATIONS, TRANSFERS, Listing
from web.views.listing import export_rows

LIST_EXPORT = "list_export"


def _transfer_reader(user) -> bool:
    """The 转办件 list's readers: its departments' offices and the 纪检 staff (web.views.petitions.transfers)."""
    actor = actor_for(user)
    return petition_permissions.sees_office_projection(user) or petition_permissions.is_staff(actor)


@dataclass(frozen=True)
class ListExport:
    listing: Listing
    may_export: Callable[..., bool]  # (user) -> bool
    write: Callable[..., tuple[bytes, int]]  # (queryset, progress=) -> (xlsx bytes, rows)
    target: str  # the security log's 对象, and the file's name
    noun: str  # what a row is, in messages

    def file_name(self, suffix: str = "") -> str:
        return f"{self.target}{suffix}-{timezone.localdate():%Y%m%d}.xlsx"


EXPORTS = {
    export.listing.key: export
    for export in (
        ListExport(PETITIONS, petition_permissions.can_export, petition_exports.write_ledger, "信访台账", "信访件"),
        ListExport(TRANSFERS, _transfer_reader, petition_exports.write_transfer_ledger, "转办件台账", "转办件"),
        ListExport(
            CLUES,
            lambda user: discipline_permissions.is_discipline_staff(actor_for(user)),
            clue_ledger,
            "线索台账",
            "问题线索",
        ),
        ListExport(RECOMMENDATIONS, lambda user: True, recommendation_ledger, "建议书台账", "纪律检查建议书"),
    )
}


def filtered_rows(export: ListExport, params, *, request):
    """The rows 导出筛选结果 writes for ``params`` (the page's query string); a 400 ApplicationError
    names a bad filter, sort or 范围."""
    return export_rows(export.listing, export.listing.filter(params, request=request), params)


def export_job(export: ListExport, rows, *, user, query: str):
    """The queued export when ``rows`` hold more than ``EXPORT_BACKGROUND_ROWS``; else None."""
    total = rows.count()
    if total <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    parameters = {
        "list": export.listing.key,
        "query": query[:2000],
        "filters": dict(QueryDict(query).lists()),
        "scope": owner_scope(user),
    }
    return job_start(owner=user, kind=LIST_EXPORT, parameters=parameters, total=total)


def _owner_request(user, query: str) -> HttpRequest:
    """A worker has no request: the owner's, with the page's query string (never authenticated by a
    header or cookie, only given the user), so the FilterSet reads exactly what the page read."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    return request


def _run(job, progress):
    export = EXPORTS[job.parameters["list"]]
    request = _owner_request(job.owner, job.parameters.get("query", ""))
    try:
        rows = filtered_rows(export, request.GET, request=request)
    except ApplicationError as exc:  # e.g. a department filter the owner no longer holds
        raise JobFailed(exc.message, [{"field": k, "errors": v} for k, v in (exc.detail or {}).items()]) from None
    content, count = export.write(rows, progress=progress)
    return JobOutcome(content=content, file_name=export.file_name(), rows=count)


def _may_download(user, job) -> bool:
    export = EXPORTS.get(job.parameters.get("list"))
    return export is not None and scope_still_held(user, job) and export.may_export(user)


register_job_kind(
    LIST_EXPORT,
    label="导出列表",
    run=_run,
    may_download=_may_download,
    audit_target=lambda job: EXPORTS[job.parameters["list"]].target if job.parameters.get("list") in EXPORTS else "",
)
