"""The 往年信访件导入 page: upload → the check (every problem, or what would be imported) → confirm.

The checked file is kept between the check and the confirmation (``web.views.stash``: only the
user who uploaded it can confirm it, once). The import itself is
``petitions.past_import.import_past_petitions``, as for the API and the command; the
confirmation runs it again on the kept file, so what was checked is what is written.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from petitions.past_import import LedgerInvalid, import_past_petitions
from web.forms import add_service_error
from web.forms.past_import import PastImportForm
from web.nav import STAFF
from web.permissions import require_roles
from web.views.stash import opened, stash, unstash

_SESSION_KEY = "petition_past_imports"
_TEMPLATE = "web/petitions/past_import.html"


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def past_import(request):
    form = PastImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = import_past_petitions(source=upload, user=request.user, dry_run=True, request=request)
            except LedgerInvalid as exc:
                context["issues"], context["issue_message"] = exc.issues, exc.message
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                upload.seek(0)
                token = stash(request, upload, session_key=_SESSION_KEY, folder="petition-imports")
                context.update(summary=summary, token=token)
                status = 200
    return render(request, _TEMPLATE, context, status=status)


@require_roles(STAFF)
@require_POST
def past_import_confirm(request):
    item = unstash(request, request.POST.get("token", ""), session_key=_SESSION_KEY)
    if item is None:
        messages.error(request, "导入预览已失效，请重新上传信访台账文件")
        return redirect("web:petition-import")
    try:
        with opened(item) as handle:
            summary = import_past_petitions(source=handle, user=request.user, request=request)
    except LedgerInvalid as exc:
        context = {"form": PastImportForm(), "issues": exc.issues, "issue_message": exc.message}
        return render(request, _TEMPLATE, context, status=400)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("web:petition-import")
    skipped = f"；系统中已有 {len(summary.existing)} 件，已跳过" if summary.existing else ""
    messages.success(request, f"已导入往年信访件 {summary.added} 件{skipped}")
    return redirect("web:petition-list")
