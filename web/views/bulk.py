"""Bulk actions on the measure list: 批量销号, 批量退回, 改派责任人, 导出所选 and 导出筛选结果.

The list's checkboxes post here. Every step is ``rectification.services.bulk`` (each measure through its
own workflow service, all or nothing); a refused batch answers a page listing every refused measure
with its reason, and nothing is changed. Exports start from the visibility selectors: a checked id the
user may not see is simply not exported, and the sheet is the round's ledger, restricted to the rows.
"""

import tempfile

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.bulk import clean_ids
from core.errors import ApplicationError
from core.excel import CellTooLong
from organization.models import Person
from rectification import jobs, permissions, selectors
from rectification.ledger import export_ledger
from rectification.services.bulk import measures_bulk, measures_reassign
from web.lists import MEASURES
from web.nav import EVERYONE
from web.permissions import require_roles
from web.views.common import actor
from web.views.listing import export_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DONE = {
    "sign_off": "已批量销号{n}项整改措施",
    "return": "已退回{n}项整改措施",
    "reassign": "已改派{n}项整改措施的责任人",
}


def bulk_context(request) -> dict:
    """What the measure list's bulk bar offers this user. At most one query: the people of the
    department the list is filtered by (the only ones a measure of it may be reassigned to)."""
    me = actor(request)
    can_manage = permissions.can_manage(me)
    department = request.GET.get("department", "")
    people = []
    if can_manage and department.isdigit():
        people = list(
            Person.objects.filter(memberships__department_id=int(department), is_active=True)
            .order_by("name", "id")
            .values_list("pk", "name")
        )
    return {
        "can_review": permissions.may_review_at_all(me),
        "can_manage": can_manage,
        "people": people,
        "filtered_by_department": department.isdigit(),
        "next": request.get_full_path(),
        "query": request.GET.urlencode(),
    }


def _back(request) -> str:
    """Back to the list the form was posted from (its filters kept); never to another site or page."""
    target = request.POST.get("next", "")
    home = reverse("web:measure-list")
    if target.startswith(home) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return home


def _refused(request, exc: ApplicationError, *, title="批量操作未执行"):
    return render(
        request,
        "web/bulk_result.html",
        {
            "title": title,
            "message": exc.message,
            "refusals": getattr(exc, "refusals", []),
            "fields": {k: v for k, v in (exc.detail or {}).items() if k != "items"},
            "back": _back(request),
        },
        status=exc.status,
    )


@require_roles(EVERYONE)
@require_POST
def measure_bulk(request):
    """One button of the bulk bar: ``action`` with the checked ``ids``."""
    action = request.POST.get("action", "")
    ids = request.POST.getlist("ids")
    try:
        if action == "export":
            return _export(request, selectors.visible_measures(user=request.user).filter(pk__in=clean_ids(ids)))
        if action == "reassign":
            done = measures_reassign(user=request.user, measure_ids=ids, person_id=request.POST.get("person"))
        else:
            done = measures_bulk(
                user=request.user,
                action=action,
                measure_ids=ids,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
    except ApplicationError as exc:  # BulkRefused among them: its page lists every refused measure
        return _refused(request, exc)
    messages.success(request, DONE[action].format(n=len(done)))
    return redirect(_back(request))


@require_roles(EVERYONE)
@require_GET
def measure_export(request):
    """导出筛选结果: the list's current filters and 范围, as the list reads them."""
    try:
        return _export(request, export_rows(MEASURES, MEASURES.filter(request.GET, request=request), request.GET))
    except ApplicationError as exc:
        return _refused(request, exc, title="导出未执行")


def _export(request, measures):
    """The ledger of the one round ``measures`` (already visibility-scoped) belong to, with them alone."""
    round_ids = list(measures.order_by("problem__round_id").values_list("problem__round_id", flat=True).distinct())
    if not round_ids:
        message = "没有可导出的整改措施"
        raise ApplicationError(message, code="empty", status=400, detail={"ids": [message]})
    if len(round_ids) > 1:
        message = f"所选措施分属{len(round_ids)}个巡察轮次；整改台账按巡察轮次导出，请先按巡察轮次筛选后再导出"
        raise ApplicationError(message, code="several_rounds", status=400, detail={"round": [message]})
    rnd = selectors.round_get(user=request.user, pk=round_ids[0])
    only = measures.order_by().values("pk")
    job = jobs.round_export_job(user=request.user, round=rnd, only=only)
    if job is not None:  # too many rows to write within the request: the worker writes them
        return redirect("web:job-detail", pk=job.pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        export_ledger(user=request.user, round=rnd, out=handle, request=request, only=only)
    except CellTooLong as exc:
        handle.close()
        raise ApplicationError(exc.message, code="cell_too_long", status=400) from None
    handle.seek(0)
    filename = f"整改台账-{rnd.name}-部分措施-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
