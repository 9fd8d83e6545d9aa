"""问题线索 (clues with their disposal) and 纪律检查建议书 (issue and reply) pages.

Clue rows are for 纪检 staff only (``discipline.selectors.require_clue_reader``); leaders get
the counts (``clue_statistics``), never rows. An office sees its own issued letters and
replies to them. Every read starts from the discipline selectors; every write is a service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from discipline import permissions
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from discipline.services import clues as clue_services
from discipline.services import recommendations as rec_services
from organization.roles import Role
from web import breadcrumbs
from web.forms import submit
from web.forms.discipline import (
    AssignForm,
    CloseForm,
    ClueForm,
    ConcludeForm,
    DiscussForm,
    ExecuteForm,
    FeedbackForm,
    IssueForm,
    NoteForm,
    ProposeForm,
    RecommendationForm,
    ReplyForm,
    RequiredNoteForm,
)
from web.forms.once import add_form_token, create_once
from web.lists import CLUES, RECOMMENDATIONS
from web.nav import EVERYONE, READERS, STAFF
from web.permissions import require_roles
from web.views.common import actor
from web.views.listing import list_page


def _run_form(request, form, call, success, redirect_to):
    """Validate, call the service (``web.forms.submit``), and either redirect or leave the errors on the form."""
    if submit(request, form, lambda _data: call(form), success):
        return redirect(*redirect_to)
    return None


# -- clues ------------------------------------------------------------------------------------------


@require_roles(READERS)
@require_GET
def clue_list(request):
    me = actor(request)
    if not permissions.is_discipline_staff(me):
        # Leaders read counts only.
        year = request.GET.get("year") or ""
        stats = clue_selectors.clue_statistics(user=request.user, year=int(year) if year.isdigit() else None)
        return render(request, "web/discipline/clue_statistics.html", {"stats": stats})
    filterset = CLUES.filter(request.GET, request=request)
    context, status = list_page(request, CLUES, filterset)
    ctx = clue_selectors.clue_light_context()
    for clue in context["page"]:
        clue.light_value = clue_selectors.clue_light(clue, ctx)
    context["can_register"] = permissions.can_register_clue(me)
    return render(request, "web/discipline/clue_list.html", context, status=status)


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def clue_create(request):
    form = add_form_token(ClueForm(request.POST or None, initial={"received_date": timezone.localdate()}), request.user)
    if request.method == "POST":
        done = create_once(
            request,
            form,
            lambda data: clue_services.clue_register(user=request.user, **data),
            success="已登记问题线索",
            url=lambda pk: reverse("web:clue-detail", kwargs={"pk": pk}),
        )
        if done is not None:
            return done
    return render(request, "web/discipline/clue_form.html", {"form": form}, status=400 if form.errors else 200)


# name → (label, form class, service call(user, clue, form)); permissions.allowed_actions decides
# which of them a user is offered now.
CLUE_STEPS = {
    "assign": ("分办", AssignForm, lambda u, c, f: clue_services.clue_assign(
        user=u, clue=c, handler=f.cleaned_data["handler"], note=f.cleaned_data["note"], date=f.cleaned_data["date"])),
    "propose": ("提出拟办意见", ProposeForm, lambda u, c, f: clue_services.clue_propose(
        user=u, clue=c, disposal=f.cleaned_data["disposal"], note=f.cleaned_data["note"], date=f.cleaned_data["date"])),
    "discuss": ("登记集体研究", DiscussForm, lambda u, c, f: clue_services.clue_discuss(
        user=u, clue=c, members=f.members(), disposal=f.cleaned_data["disposal"] or None,
        note=f.cleaned_data["note"], date=f.cleaned_data["date"])),
    "approve": ("审批同意", NoteForm, lambda u, c, f: clue_services.clue_approve(
        user=u, clue=c, **f.cleaned_data)),
    "return": ("退回", RequiredNoteForm, lambda u, c, f: clue_services.clue_return(
        user=u, clue=c, **f.cleaned_data)),
    "execute": ("执行", ExecuteForm, lambda u, c, f: clue_services.clue_execute(user=u, clue=c, **f.cleaned_data)),
    "inquiry_reply": ("登记函询回复", NoteForm, lambda u, c, f: clue_services.clue_record_inquiry_reply(
        user=u, clue=c, **f.cleaned_data)),
    "review": ("暂存复查", RequiredNoteForm, lambda u, c, f: clue_services.clue_review(
        user=u, clue=c, **f.cleaned_data)),
    "conclude": ("办结", ConcludeForm, lambda u, c, f: clue_services.clue_conclude(
        user=u, clue=c, result=f.cleaned_data["result"], outcomes=f.outcomes(), date=f.cleaned_data["date"])),
    "feedback": ("登记反馈", FeedbackForm, lambda u, c, f: clue_services.clue_feedback(
        user=u, clue=c, **f.cleaned_data)),
}  # fmt: skip


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def clue_detail(request, pk):
    from discipline.due_dates import clue_deadline_rows, clue_rules

    clue = clue_selectors.clue_get(user=request.user, pk=pk)
    steps = {name: CLUE_STEPS[name] for name in permissions.allowed_actions(actor(request), clue)}
    forms = {name: cls(prefix=name) for name, (label, cls, call) in steps.items()}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in steps:
            messages.error(request, "当前阶段您不能执行此操作，请刷新页面后重试")
            return redirect("web:clue-detail", pk=pk)
        label, cls, call = steps[name]
        forms[name] = cls(request.POST, prefix=name)
        done = _run_form(
            request, forms[name], lambda f: call(request.user, clue, f), f"已{label}", ("web:clue-detail", pk)
        )
        if done is not None:
            return done
    ctx = clue_selectors.clue_light_context()
    return render(
        request,
        "web/discipline/clue_detail.html",
        {
            "clue": clue,
            "breadcrumbs": breadcrumbs.clue_crumbs(request.user, clue),
            "light_value": clue_selectors.clue_light(clue, ctx),
            "deadlines": clue_deadline_rows(clue, clue_rules()),
            "steps": [(name, steps[name][0], forms[name]) for name in steps],
        },
        status=400 if request.method == "POST" else 200,
    )


# -- recommendations -------------------------------------------------------------------------


@require_roles(EVERYONE)
@require_GET
def recommendation_list(request):
    filterset = RECOMMENDATIONS.filter(request.GET, request=request)
    context, status = list_page(request, RECOMMENDATIONS, filterset)
    ctx = rec_selectors.recommendation_light_context()
    for rec in context["page"]:
        rec.light_value = rec_selectors.recommendation_light(rec, ctx)
    context["can_manage"] = permissions.can_manage_recommendations(actor(request))
    return render(request, "web/discipline/recommendation_list.html", context, status=status)


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def recommendation_create(request):
    form = add_form_token(RecommendationForm(request.POST or None), request.user)
    if request.method == "POST":
        done = create_once(
            request,
            form,
            lambda data: rec_services.recommendation_create(user=request.user, data=data),
            success="已保存建议书草稿",
            url=lambda pk: reverse("web:recommendation-detail", kwargs={"pk": pk}),
        )
        if done is not None:
            return done
    return render(
        request, "web/discipline/recommendation_form.html", {"form": form}, status=400 if form.errors else 200
    )


# name → (label, form class, service call(user, letter, form)), offered as
# permissions.recommendation_allowed_actions says.
REC_STEPS = {
    "issue": ("制发", IssueForm, lambda u, r, f: rec_services.recommendation_issue(
        user=u, rec=r, issued_on=f.cleaned_data["issued_on"])),
    "reply": ("回复", ReplyForm, lambda u, r, f: rec_services.recommendation_reply(
        user=u, rec=r, reply_text=f.cleaned_data["reply_text"], replied_on=f.cleaned_data["replied_on"],
        files=f.cleaned_data["attachments"])),
    "close": ("办结", CloseForm, lambda u, r, f: rec_services.recommendation_close(
        user=u, rec=r, note=f.cleaned_data["note"], closed_on=f.cleaned_data["closed_on"])),
}  # fmt: skip


@require_roles(EVERYONE)
@require_http_methods(["GET", "POST"])
def recommendation_detail(request, pk):
    rec = rec_selectors.recommendation_get(user=request.user, pk=pk)
    me = actor(request)
    if me.has_role(Role.LEADER) and not me.has_role(Role.OFFICE, *STAFF) and request.method == "POST":
        raise PermissionDenied("领导只读")
    steps = {name: REC_STEPS[name] for name in permissions.recommendation_allowed_actions(me, rec)}
    forms = {name: cls(prefix=name) for name, (label, cls, call) in steps.items()}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in steps:
            messages.error(request, "当前状态下您不能执行此操作，请刷新页面后重试")
            return redirect("web:recommendation-detail", pk=pk)
        label, cls, call = steps[name]
        forms[name] = cls(request.POST, request.FILES, prefix=name)
        done = _run_form(
            request, forms[name], lambda f: call(request.user, rec, f), f"已{label}", ("web:recommendation-detail", pk)
        )
        if done is not None:
            return done
    ctx = rec_selectors.recommendation_light_context()
    return render(
        request,
        "web/discipline/recommendation_detail.html",
        {
            "rec": rec,
            "breadcrumbs": breadcrumbs.recommendation_crumbs(request.user, rec),
            "light_value": rec_selectors.recommendation_light(rec, ctx),
            "rec_steps": rec_selectors.recommendation_steps(rec),
            "steps": [(name, steps[name][0], forms[name]) for name in steps],
        },
        status=400 if request.method == "POST" else 200,
    )
