"""The 整改台账 import page: upload, a dry run listing every problem or a summary, then confirm.

The summary shows every department and person name of the file and what it matches; a name
matched neither exactly nor by alias gets a select (``web.forms.ledger_names``), and the
confirmation posts the choices with the token. A confirmation missing a choice is refused by the
importer (nothing written) and the page asks again, the file kept.

A large file goes to a background job (``rectification.jobs``); the import itself is
``rectification.ledger.import_ledger``, as for the API and the command.
"""

import datetime as dt

from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from rectification import jobs
from rectification.ledger import LedgerInvalid, import_ledger
from rectification.ledger.names import NamesUndecided
from web.forms import add_service_error, ledger_names
from web.forms.rectification import LedgerImportForm
from web.nav import STAFF
from web.permissions import require_roles
from web.views.stash import keep, stash, unstash

_SESSION_KEY = "ledger_imports"


def _stash(request, upload, data, summary):
    """Keep the checked file between the preview and the confirmation, with the names it asked about."""
    return stash(
        request,
        upload,
        session_key=_SESSION_KEY,
        folder="ledger-imports",
        round_name=data["round_name"],
        feedback_date=data["feedback_date"].isoformat() if data["feedback_date"] else "",
        names=_asked(summary),
    )


def _keep(request, token, item, summary):
    """(Again) keep ``item`` under ``token``, with the names its check asked about."""
    item["names"] = _asked(summary)
    return keep(request, token, item, session_key=_SESSION_KEY)


def _asked(summary):
    return [{"kind": n["kind"], "name": n["name"], "match": n["match"]} for n in _names(summary)]


def _names(summary):
    return ledger_names.decided([m.as_dict() for m in summary.names])


def _checked(request, summary, token, posted=None):
    """The context of a passed check: the summary, the name table and the preview."""
    names = [m.as_dict() for m in summary.names]
    return {
        "summary": summary,
        "token": token,
        "name_rows": ledger_names.name_rows(names, user=request.user, posted=posted),
        "undecided": summary.undecided,
    }


def _import(request, source, *, round_name, feedback_date, dry_run, names=None):
    return import_ledger(
        source=source,
        user=request.user,
        round_name=round_name,
        feedback_date=feedback_date,
        dry_run=dry_run,
        request=request,
        names=names,
    )


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def ledger_import(request):
    """Upload → dry run: every problem by sheet, row and column, or a summary to confirm."""
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = jobs.ledger_import_job(
                    user=request.user,
                    upload=data["file"],
                    round_name=data["round_name"],
                    feedback_date=data["feedback_date"],
                    dry_run=True,
                )
                if job is not None:  # a large file: checked (then imported) by the worker
                    return redirect("web:job-detail", pk=job.pk)
                summary = _import(
                    request,
                    data["file"],
                    round_name=data["round_name"],
                    feedback_date=data["feedback_date"],
                    dry_run=True,
                )
            except LedgerInvalid as exc:
                context["issues"] = exc.issues
                context["issue_message"] = exc.message
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                data["file"].seek(0)
                context.update(_checked(request, summary, _stash(request, data["file"], data, summary)))
                status = 200
    return render(request, "web/rectification/ledger_import.html", context, status=status)


@require_roles(STAFF)
@require_POST
def ledger_import_confirm(request):
    token = request.POST.get("token", "")
    item = unstash(request, token, session_key=_SESSION_KEY)
    if item is None:
        messages.error(request, "导入预览已失效，请重新上传台账文件")
        return redirect("web:ledger-import")
    feedback = dt.date.fromisoformat(item["feedback_date"]) if item["feedback_date"] else None
    names = ledger_names.decisions_from_post(request.POST, item.get("names", []))
    where = {"round_name": item["round_name"], "feedback_date": feedback, "names": names}
    keep = False
    try:
        with default_storage.open(item["path"], "rb") as handle:
            summary = _import(request, handle, dry_run=False, **where)
    except NamesUndecided as exc:
        keep = True  # ask again for the same file: the check with the choices made so far
        return _ask_again(request, token, item, where, exc)
    except LedgerInvalid as exc:
        form = LedgerImportForm(initial={"round_name": item["round_name"], "feedback_date": feedback})
        context = {"form": form, "issues": exc.issues, "issue_message": exc.message}
        return render(request, "web/rectification/ledger_import.html", context, status=400)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("web:ledger-import")
    finally:
        if not keep:
            default_storage.delete(item["path"])
    skipped = f"；本轮次已有 {len(summary.existing)} 项，已跳过" if summary.existing else ""
    messages.success(
        request,
        f"已导入：{summary.aspects} 个方面、{summary.problems} 个问题、新增 {summary.added} 项整改措施{skipped}",
    )
    return redirect(reverse("web:round-detail", kwargs={"pk": summary.round_id}))


def _ask_again(request, token, item, where, refusal):
    with default_storage.open(item["path"], "rb") as handle:
        summary = _import(request, handle, dry_run=True, **where)
    context = _checked(request, summary, _keep(request, token, item, summary), posted=request.POST)
    context["names_message"] = refusal.message
    return render(request, "web/rectification/ledger_import.html", context, status=400)
