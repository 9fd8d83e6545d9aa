"""导出所选 on the 信访件, 问题线索 and 纪律检查建议书 lists: the checked rows the user may see, in
the columns of the list's existing ledger export (never a reporter's identity: the exporters hold none).

Each starts from the list's own visibility selector; a checked id the user may not see is simply not
in the sheet. At most ``core.bulk.MAX_BULK`` ids, so the sheet is always written in the request
(the filtered exports, which can be large, keep their background jobs). Every export is recorded in
the security log with the ids asked for.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from core.audit import log_event
from core.bulk import clean_ids
from core.errors import ApplicationError
from core.models import AuditLog
from discipline import permissions as discipline_permissions
from discipline.exports import XLSX_CONTENT_TYPE, clue_ledger, recommendation_ledger
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from petitions import exports as petition_exports
from petitions import permissions as petition_permissions
from web.nav import EVERYONE, READERS
from web.permissions import require_roles
from web.views.common import actor


def _selected(request, *, noun, back, queryset_for, write, target, filename):
    try:
        ids = clean_ids(request.POST.getlist("ids"), noun=noun)
    except ApplicationError as exc:
        return _refused(request, exc, back)
    queryset = queryset_for().filter(pk__in=ids)
    content, rows = write(queryset)
    if not rows:
        return _refused(request, ApplicationError(f"所选{noun}均不存在或您无权查看，未导出"), back)
    log_event(AuditLog.Event.EXPORT, request=request, target=target, rows=rows, selected=ids)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}-所选-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return response


def _refused(request, exc, back):
    fields = dict(exc.detail or {})
    context = {"title": "导出未执行", "message": exc.message, "fields": fields, "refusals": [], "back": back}
    return render(request, "web/bulk_result.html", context, status=exc.status)


@require_roles(READERS)
@require_POST
def petition_export_selected(request):
    if not petition_permissions.can_export(request.user):
        raise PermissionDenied("您没有导出信访台账的权限")
    return _selected(
        request,
        noun="信访件",
        back=reverse("web:petition-list"),
        queryset_for=lambda: petition_exports.ledger_queryset(user=request.user),
        write=petition_exports.write_ledger,
        target="信访台账（所选）",
        filename="信访台账",
    )


@require_roles(READERS)
@require_POST
def clue_export_selected(request):
    if not discipline_permissions.is_discipline_staff(actor(request)):
        raise PermissionDenied("只有纪检干部可以导出线索台账")
    return _selected(
        request,
        noun="问题线索",
        back=reverse("web:clue-list"),
        queryset_for=lambda: clue_selectors.clue_queryset(user=request.user),
        write=clue_ledger,
        target="线索台账（所选）",
        filename="线索台账",
    )


@require_roles(EVERYONE)
@require_POST
def recommendation_export_selected(request):
    return _selected(
        request,
        noun="纪律检查建议书",
        back=reverse("web:recommendation-list"),
        queryset_for=lambda: rec_selectors.recommendation_queryset(user=request.user),
        write=recommendation_ledger,
        target="建议书台账（所选）",
        filename="建议书台账",
    )
