"""导出所选 and 导出筛选结果 on the 信访件, 转办件, 问题线索 and 纪律检查建议书 lists (``web.exports``
defines each: who may take it, its sheet). Never a reporter's identity: the sheets hold none.

导出所选 starts from the list's visibility selector: a checked id the user may not see is simply not in
the sheet; at most ``core.bulk.MAX_BULK`` ids, so it is always written in the request. 导出筛选结果
reads the list's query string as the page does (a bad filter is a 400 naming it, never every row) and
goes to the worker above ``EXPORT_BACKGROUND_ROWS`` rows. Every export is recorded in the security log.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from core.audit import log_event
from core.bulk import clean_ids
from core.errors import ApplicationError
from core.models import AuditLog
from web.exports import EXPORTS, export_job, filtered_rows
from web.nav import EVERYONE
from web.permissions import require_roles

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_for(request, key):
    export = EXPORTS[key]
    if not export.may_export(request.user):
        raise PermissionDenied(f"您没有导出{export.target}的权限")
    return export


def _download(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _refused(request, exc, export):
    filters = export.listing.filterset.base_filters
    fields = {}
    for name, errors in (exc.detail or {}).items():
        label = f"{filters[name].label}：" if name in filters else ""  # sort and 范围 name themselves
        fields[name] = [_cut(f"{label}{error}") for error in errors]
    context = {
        "title": "导出未执行",
        "message": exc.message,
        "fields": fields,
        "refusals": [],
        "back": reverse(export.listing.url_name),
        "back_label": "返回列表",
    }
    return render(request, "web/bulk_result.html", context, status=exc.status)


def _cut(text, limit=100):
    """A form error may echo the value it refuses: a huge value is not echoed whole."""
    return text if len(text) <= limit else text[:limit] + "…"


@require_roles(EVERYONE)
@require_POST
def list_export_selected(request, key):
    export = _export_for(request, key)
    try:
        ids = clean_ids(request.POST.getlist("ids"), noun=export.noun)
    except ApplicationError as exc:
        return _refused(request, exc, export)
    visible = export.listing.queryset(user=request.user).filter(pk__in=ids)
    content, rows = export.write(visible.order_by(*export.listing.default, *export.listing.tiebreak))
    if not rows:
        return _refused(request, ApplicationError(f"所选{export.noun}均不存在或您无权查看，未导出"), export)
    log_event(AuditLog.Event.EXPORT, request=request, target=f"{export.target}（所选）", rows=rows, selected=ids)
    return _download(content, export.file_name("-所选"))


@require_roles(EVERYONE)
@require_GET
def list_export(request, key):
    export = _export_for(request, key)
    query = request.GET.urlencode()
    try:
        rows = filtered_rows(export, request.GET, request=request)
    except ApplicationError as exc:
        return _refused(request, exc, export)
    job = export_job(export, rows, user=request.user, query=query)
    if job is not None:
        return redirect("web:job-detail", pk=job.pk)
    content, count = export.write(rows)
    log_event(AuditLog.Event.EXPORT, request=request, target=export.target, rows=count, query=query[:500])
    return _download(content, export.file_name())
