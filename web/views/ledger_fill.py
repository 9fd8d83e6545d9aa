"""The 填报表 round trip: download the ledger rows to fill in, upload them back, preview, confirm.

An office downloads its own rows (the 纪检 office any department's, or all), fills in 整改进展 and
完成情况, and uploads the sheet: the check (``rectification.ledger.fill.check_progress_upload``)
lists every refusal by sheet, row and column, or the changes it would make, old → new; 确认保存
applies them (``apply_progress_upload``) from the file stashed at the preview. What each user may
change is the backend's decision; these pages only say who may open them.
"""

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from organization import selectors as org_selectors
from organization.roles import Role
from rectification import selectors
from rectification.ledger import LedgerInvalid
from rectification.ledger.fill import apply_progress_upload, check_progress_upload, export_fill_sheet
from web.forms import add_service_error
from web.forms.rectification import FillUploadForm
from web.nav import STAFF
from web.permissions import require_roles
from web.views.common import actor
from web.views.stash import opened, stash, unstash

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILLERS = (Role.OFFICE, *STAFF)  # leaders read only; the system administrator sees no case content
_SESSION_KEY = "ledger_fills"
_TEMPLATE = "web/rectification/ledger_fill.html"


def may_fill(request) -> bool:
    return actor(request).has_role(*FILLERS)


def fill_links(request, *, rnd=None, department=None):
    """What the 下载填报表 / 上传填报表 buttons of a page need (None when the user may not use them):
    the round to download (the page's, or the list's selected one) and, for the 纪检 office, the
    departments to choose among (``department`` preselected)."""
    if not may_fill(request):
        return None
    staff = actor(request).has_role(*STAFF)
    departments = list(org_selectors.department_list(user=request.user).order_by("name")) if staff else None
    return {"round": rnd, "department": department, "departments": departments}


def _int_or_404(raw: str) -> int:
    if not raw.isdigit():
        raise Http404("参数无效")
    return int(raw)


def _department(request, raw: str):
    """The department asked for: any for the 纪检 office, one's own for an office, else 404."""
    if not raw:
        return None
    pk = _int_or_404(raw)
    departments = org_selectors.department_list(user=request.user)
    me = actor(request)
    if not me.has_role(*STAFF):
        departments = departments.filter(pk__in=me.department_ids)
    department = departments.filter(pk=pk).first()
    if department is None:
        raise Http404("部门不存在")
    return department


@require_roles(FILLERS)
@require_GET
def fill_download(request):
    """The rows the user may fill in, as the ledger layout (``?round=`` and ``?department=`` narrow it)."""
    raw_round = request.GET.get("round", "")
    rnd = selectors.round_get(user=request.user, pk=_int_or_404(raw_round)) if raw_round else None
    department = _department(request, request.GET.get("department", ""))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        export_fill_sheet(user=request.user, out=handle, round=rnd, department=department, request=request)
    except ApplicationError as exc:  # e.g. a cell too long for Excel
        handle.close()
        messages.error(request, exc.message)
        return redirect("web:round-detail", pk=rnd.pk) if rnd else redirect("web:measure-list")
    handle.seek(0)
    parts = ["整改填报表", rnd.name if rnd else "全部轮次"]
    if department is not None:
        parts.append(department.name)
    filename = "-".join([*parts, f"{timezone.localdate():%Y%m%d}"]) + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def _refused(request, form, exc: LedgerInvalid, status=400):
    context = {"form": form, "issues": exc.issues, "issue_message": exc.message}
    return render(request, _TEMPLATE, context, status=status)


@require_roles(FILLERS)
@require_http_methods(["GET", "POST"])
def fill_upload(request):
    """Upload → every refusal (400, nothing written), or the changes old → new to confirm."""
    form = FillUploadForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return render(request, _TEMPLATE, {"form": form})
    if not form.is_valid():
        return render(request, _TEMPLATE, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        plan = check_progress_upload(user=request.user, source=upload)
    except LedgerInvalid as exc:
        return _refused(request, form, exc)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return render(request, _TEMPLATE, {"form": form}, status=400)
    context = {"form": form, "plan": plan}
    if plan.changes:  # nothing to confirm otherwise: no file is kept
        upload.seek(0)
        context["token"] = stash(request, upload, session_key=_SESSION_KEY, folder="ledger-fills")
    return render(request, _TEMPLATE, context)


@require_roles(FILLERS)
@require_POST
def fill_confirm(request):
    """Apply the previewed file; a change made meanwhile is refused row by row, nothing written."""
    item = unstash(request, request.POST.get("token", ""), session_key=_SESSION_KEY)
    if item is None:
        messages.error(request, "填报预览已失效，请重新上传填报表")
        return redirect("web:fill-upload")
    form = FillUploadForm()
    try:
        with opened(item) as handle:
            plan = apply_progress_upload(user=request.user, source=handle, request=request)
    except LedgerInvalid as exc:
        return _refused(request, form, exc)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return render(request, _TEMPLATE, {"form": form}, status=400)
    message = f"已保存填报表：{len(plan.changes)} 项整改措施更新了进展"
    if plan.submits:
        message += f"，{plan.submits} 项已申请销号，等待审核"
    messages.success(request, message)
    return redirect("web:measure-list")
