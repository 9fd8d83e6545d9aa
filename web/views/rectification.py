"""巡察整改 pages: rounds, the round tree, measures, the measure page, the ledger export.

The pages are for the roles that work on rectification (403 for the others, e.g. a system
administrator); every read goes through ``rectification.selectors`` (which start from the
visibility functions): a measure of another department answers 404. Every write is a service call;
``rectification.permissions.allowed_actions`` decides which buttons a page shows.
"""

import tempfile
from collections import defaultdict

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.excel import CellTooLong
from core.files import serve_file
from core.scoping import get_visible_or_404
from organization.models import Department
from organization.roles import Role
from rectification import jobs, permissions, selectors, services
from rectification.filters import request_light_ctx
from rectification.ledger import export_ledger
from rectification.models import Extension, MeasureStatus
from web import breadcrumbs
from web.forms import decide, submit
from web.forms.once import add_form_token, create_once
from web.forms.rectification import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    NoteForm,
    ProgressForm,
    ReturnForm,
    SignOffForm,
)
from web.lists import MEASURES, ROUNDS
from web.nav import EVERYONE
from web.permissions import require_roles
from web.views.bulk import bulk_context
from web.views.common import actor
from web.views.ledger_fill import fill_links
from web.views.listing import list_page
from web.views.round_documents import documents_card

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- rounds ---------------------------------------------------------------------------------------


@require_roles(EVERYONE)
@require_GET
def round_list(request):
    rounds = selectors.round_list(user=request.user, light_ctx=request_light_ctx(request))
    filterset = ROUNDS.filter(request.GET, request=request, queryset=rounds)
    context, status = list_page(request, ROUNDS, filterset)
    context["can_manage"] = permissions.can_manage(request.user)
    return render(request, "web/rectification/round_list.html", context, status=status)


def _round_tree(request, rnd):
    """Aspects → problems → measures of one round, as the user may see them (fixed query count)."""
    ctx = request_light_ctx(request)
    aspects = list(selectors.aspect_list(user=request.user).filter(round=rnd))
    problems = list(selectors.problem_list(user=request.user, light_ctx=ctx).filter(round=rnd).order_by("order", "id"))
    measures = list(selectors.measure_list(user=request.user).filter(problem__round=rnd).order_by("order", "id"))
    for m in measures:
        m.light_value = m.light(today=ctx.today, boundary=ctx.boundary)
    by_problem = defaultdict(list)
    for m in measures:
        by_problem[m.problem_id].append(m)
    by_aspect = defaultdict(list)
    for p in problems:
        p.measure_rows = by_problem.get(p.pk, [])
        by_aspect[p.aspect_id].append(p)
    children = defaultdict(list)
    for a in aspects:
        children[a.parent_id].append(a)

    def node(aspect):
        kids = [node(c) for c in children.get(aspect.pk, [])]
        own = by_aspect.get(aspect.pk, [])
        total = sum(p.measure_total for p in own) + sum(k["total"] for k in kids)
        done = sum(p.measure_done for p in own) + sum(k["done"] for k in kids)
        return {"aspect": aspect, "children": kids, "problems": own, "total": total, "done": done}

    tree = [node(a) for a in children.get(None, [])]
    loose = by_aspect.get(None, [])
    return tree, loose


@require_roles(EVERYONE)
@require_GET
def round_detail(request, pk):
    rnd = selectors.round_get(user=request.user, pk=pk)
    tree, loose = _round_tree(request, rnd)
    return render(
        request,
        "web/rectification/round_detail.html",
        {
            "round": rnd,
            "tree": tree,
            "loose_problems": loose,
            "can_manage": permissions.can_manage(request.user),
            "fill": fill_links(request, rnd=rnd),
            "breadcrumbs": breadcrumbs.round_crumbs(request.user, rnd),
            "documents": documents_card(request, rnd),
        },
    )


@require_roles(EVERYONE)
@require_GET
def round_export(request, pk):
    """The round's ledger as the user may see it (an office exports its own measures only)."""
    rnd = selectors.round_get(user=request.user, pk=pk)
    job = jobs.round_export_job(user=request.user, round=rnd)
    if job is not None:  # too many measures to write within the request: the worker writes it
        return redirect("web:job-detail", pk=job.pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        export_ledger(user=request.user, round=rnd, out=handle, request=request)
    except CellTooLong as exc:
        handle.close()
        messages.error(request, exc.message)
        return redirect("web:round-detail", pk=rnd.pk)
    handle.seek(0)
    filename = f"整改台账-{rnd.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


# -- measures -------------------------------------------------------------------------------------


def _measure_filter(request):
    filterset = MEASURES.filter(request.GET, request=request)
    me = actor(request)
    if not me.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER):
        # An office chooses among its own departments only.
        filterset.filters["department"].queryset = Department.objects.filter(pk__in=me.department_ids)
    return filterset


@require_roles(EVERYONE)
@require_GET
def measure_list(request):
    filterset = _measure_filter(request)
    context, status = list_page(request, MEASURES, filterset)
    ctx = request_light_ctx(request)
    for m in context["page"]:
        m.light_value = m.light(today=ctx.today, boundary=ctx.boundary)
    context["bulk"] = bulk_context(request)
    context["can_grid"] = actor(request).has_role(Role.OFFICE)  # 批量填报进展 is the offices' page
    chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    context["fill"] = fill_links(request, rnd=chosen.get("round"), department=chosen.get("department"))
    return render(request, "web/rectification/measure_list.html", context, status=status)


def _timeline(measure, notes):
    """Progress notes and workflow steps, newest first."""
    entries = [
        {"when": n.created_at, "date": n.date, "kind": "progress", "note": n, "who": n.author, "dept": n.department,
         "backfilled": n.is_backfilled, "entered": n.created_at}
        for n in notes
    ]  # fmt: skip
    entries += [
        {"when": r.at, "date": timezone.localdate(r.at), "kind": "review", "review": r, "who": r.actor,
         "backfilled": r.is_backfilled, "entered": r.entered_at}
        for r in measure.reviews.all()
    ]  # fmt: skip
    return sorted(entries, key=lambda e: (e["date"], e["when"]), reverse=True)


ACTION_FORMS = {
    "start": NoteForm,
    "submit": NoteForm,
    "sign_off": SignOffForm,
    "return": ReturnForm,
    "request_extension": ExtensionRequestForm,
    "progress": ProgressForm,
}


# Actions that create a record: their forms carry a one-time token (``web.forms.once``).
CREATING_ACTIONS = ("progress",)


def _action_form(request, name, measure, *args):
    kwargs = {"measure": measure} if name == "sign_off" else {}
    form = ACTION_FORMS[name](*args, prefix=name, **kwargs)
    return add_form_token(form, request.user) if name in CREATING_ACTIONS else form


def _run_action(user, measure, name, data):
    """Call the action's service; returns the success message."""
    if name == "start":
        services.measure_start(user=user, measure=measure, note=data["note"], at=data["at"])
        return "已启动整改"
    if name == "submit":
        services.measure_submit(user=user, measure=measure, note=data["note"], at=data["at"])
        return "已申请销号，等待纪检部门审核"
    if name == "sign_off":
        long_term = data.get("long_term", False)
        services.measure_sign_off(user=user, measure=measure, note=data["note"], long_term=long_term, at=data["at"])
        return "已认定长期坚持" if long_term else "已销号"
    if name == "return":
        services.measure_return(user=user, measure=measure, reason=data["reason"], at=data["at"])
        return "已退回责任部门"
    if name == "request_extension":
        services.extension_request(
            user=user, measure=measure, reason=data["reason"], requested_date=data["requested_date"], at=data["at"]
        )
        return "已提交延期申请，等待纪检负责人审批"
    raise Http404


def _decision_prefix(extension):
    return f"extension-{extension.pk}"


def _decide_extension(request, measure, approve):
    """Approve or refuse a pending 延期 (the supervisor): (extension id, None) when done, else the form
    with its errors."""
    extension = get_visible_or_404(
        Extension.objects.filter(measure=measure, status=Extension.Status.PENDING),
        user=request.user,
        pk=request.POST.get("extension"),
    )
    if not permissions.can_decide_extension(request.user, extension):
        raise ApplicationError("只有纪检负责人可以审批延期，且不能审批本人的申请", code="not_allowed", status=403)
    approved, refused = (services.extension_approve, "已批准延期"), (services.extension_refuse, "已不予批准延期")
    form = decide(
        request, _decision_prefix(extension), approve, approved, refused,
        form_class=ExtensionDecisionForm, extension=extension,
    )  # fmt: skip
    return extension.pk, form


@require_roles(EVERYONE)
@require_http_methods(["GET", "POST"])
def measure_detail(request, pk):
    measure = selectors.measure_get(user=request.user, pk=pk)
    allowed = permissions.allowed_actions(request.user, measure)
    forms = {name: _action_form(request, name, measure) for name in ACTION_FORMS if name in allowed}
    decision_forms = {}
    status = 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        try:
            if name in ("approve_extension", "refuse_extension"):
                extension_id, form = _decide_extension(request, measure, name == "approve_extension")
                if form is None:
                    return redirect("web:measure-detail", pk=measure.pk)
                decision_forms[extension_id] = form
            elif name == "progress" and name in forms:
                forms[name] = _action_form(request, name, measure, request.POST, request.FILES)
                done = create_once(
                    request,
                    forms[name],
                    lambda data: services.progress_add(
                        user=request.user, measure=measure, text=data["text"], date=data["date"], files=data["evidence"]
                    ),
                    success="已填报整改进展",
                    url=lambda _pk: reverse("web:measure-detail", kwargs={"pk": measure.pk}),
                )
                if done is not None:
                    return done
            elif name in forms:
                forms[name] = _action_form(request, name, measure, request.POST, request.FILES)
                if submit(request, forms[name], lambda data: _run_action(request.user, measure, name, data)):
                    return redirect("web:measure-detail", pk=measure.pk)
            else:
                raise ApplicationError("当前状态下您不能执行此操作，请刷新页面后重试", code="not_allowed", status=409)
        except ApplicationError as exc:
            # An action this user may not take (now): the page it was posted from is out of date.
            messages.error(request, exc.message)
            return redirect("web:measure-detail", pk=measure.pk)
        status = 400
    ctx = request_light_ctx(request)
    notes = list(selectors.progress_list(user=request.user, measure=measure))
    extensions = list(measure.extensions.all())
    decidable = [
        e
        for e in extensions
        if e.status == Extension.Status.PENDING and permissions.can_decide_extension(request.user, e)
    ]
    for extension in decidable:
        extension.decision_form = decision_forms.get(extension.pk) or ExtensionDecisionForm(
            prefix=_decision_prefix(extension)
        )
    return render(
        request,
        "web/rectification/measure_detail.html",
        {
            "measure": measure,
            "breadcrumbs": breadcrumbs.measure_crumbs(request.user, measure),
            "light_value": measure.light(today=ctx.today, boundary=ctx.boundary),
            "timeline": _timeline(measure, notes),
            "extensions": extensions,
            "decidable": decidable,
            "forms": forms,
            "allowed": allowed,
            "MeasureStatus": MeasureStatus,
        },
        status=status,
    )


@require_roles(EVERYONE)
@require_GET
def evidence_download(request, pk, evidence_id):
    measure = selectors.measure_get(user=request.user, pk=pk)
    evidence = selectors.evidence_get(user=request.user, measure=measure, pk=evidence_id)
    return serve_file(request, evidence.file, filename=evidence.original_name, target=f"佐证材料#{evidence.pk}")
