"""查询码 pages: issue or re-issue a petition's code, the printable 受理告知书 with it, and the lookup page.

纪检 staff only (``petitions.permissions.can_process``): 403 for everyone else; a petition the
user may not see is 404. The code is shown in clear only on the 受理告知书, by decrypting it
there, and each showing is recorded in the petition's event log (``query_code.shown_code``).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import client_ip
from core.errors import ApplicationError
from core.scoping import visible_to
from petitions import permissions, query_code, selectors
from petitions.models import QueryCodeLookup
from web.forms import WebForm, add_service_error
from web.permissions import require
from web.views.common import paginate

staff_only = require(permissions.can_process, "只有纪检干部可以使用查询码")


class LookupForm(WebForm):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="信访人报出的 12 位查询码，不区分大小写，空格和短横线可有可无",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "placeholder": "ABCD-EFGH-JKLM"}),
    )


@staff_only
@require_POST
def query_code_issue(request, pk):
    petition = selectors.petition_get(user=request.user, pk=pk)
    again = bool(petition.query_code_hmac)
    try:
        query_code.issue(request.user, petition)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("web:petition-detail", pk=pk)
    messages.success(request, "已重新发放查询码，原查询码已作废" if again else "已发放查询码")
    return redirect("web:petition-notice", pk=pk)


@staff_only
@require_GET
def petition_notice(request, pk):
    """受理告知书: the petition's 受理 facts and, where one was issued, its 查询码 (the showing is logged)."""
    petition = selectors.petition_get(user=request.user, pk=pk)
    context = {"petition": petition, "code": query_code.shown_code(request.user, petition)}
    response = render(request, "web/petitions/notice.html", context)
    response["Cache-Control"] = "no-store"
    return response


@staff_only
@require_http_methods(["GET", "POST"])
def query_code_lookup(request):
    form = LookupForm(request.POST or None)
    answer, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                answer = query_code.lookup(request.user, form.cleaned_data["code"], client_ip(request))
                status = 200
                form = LookupForm()  # the answer is shown; the code does not stay on the screen
            except ApplicationError as exc:  # nothing typed, or too many misses (429)
                add_service_error(form, exc)
                status = exc.status
    log = visible_to(QueryCodeLookup, user=request.user).select_related("user__person")
    context = {
        "form": form,
        "answer": answer,
        "log": paginate(request, log),
        "sees_all": permissions.can_decide(request.user),
    }
    return render(request, "web/petitions/query_code_lookup.html", context, status=status)
