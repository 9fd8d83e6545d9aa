"""The petition page: its dates, files and steps, and the reporter's identity on request.

The steps offered are exactly ``petitions.permissions.allowed_actions``; this module only
names each one's label and form (``STEPS``) and calls its service.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.scoping import get_visible_or_404
from deadlines.services import get_rule
from discipline.selectors import clues as clue_selectors
from discipline.services import clues as clue_services
from organization.roles import Role
from petitions import permissions, query_code, selectors, services
from petitions.deadlines import active_rules, conclude_rule, deadline_rows
from petitions.identity import can_view_identity, identity_basis, reveal_identity
from petitions.lights import LightContext
from petitions.models import FINAL_STATUSES, IdentityAccessRequest, PetitionAttachment, PetitionExtension
from web import breadcrumbs
from web.forms import DecisionForm, decide, submit
from web.forms.petitions import (
    ConcludeForm,
    ContactForm,
    CorrectionForm,
    EscalateForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FeedbackForm,
    ObjectionForm,
    ReasonForm,
    RejectForm,
    ReviewAnswerForm,
    ReviewRequestForm,
    StepForm,
    ToClueForm,
    TransferForm,
)
from web.nav import READERS
from web.permissions import require_roles
from web.views.petitions.attachments import attach, attach_form
from web.views.petitions.repeats import repeats_context

# Every workflow step the page can offer: action name (``permissions.allowed_actions``) → (label, form).
STEPS = {
    "object": ("提出异议", ObjectionForm),
    "accept": ("受理", StepForm),
    "reject": ("不予受理", RejectForm),
    "escalate": ("报送上级", EscalateForm),
    "transfer": ("转办", TransferForm),
    "handle": ("直接办理", StepForm),
    "to_clue": ("转为问题线索", ToClueForm),
    "conclude": ("办结", ConcludeForm),
    "notify": ("登记告知", ContactForm),
    "feedback": ("登记反馈", FeedbackForm),
    "extend": ("申请延期", ExtensionForm),
    "review_request": ("收到复查/复核请求", ReviewRequestForm),
    "review_answer": ("复查/复核意见", ReviewAnswerForm),
    "correct": ("更正登记信息", CorrectionForm),
}
# Success messages where "已" + the step's label does not read well.
STEP_DONE = {"review_request": "已登记复查/复核请求", "review_answer": "已登记复查/复核意见", "correct": "已更正"}
# Steps whose service call says what happened (the message is what ``_do_step`` returns).
STEP_SAYS = {"to_clue"}


def _steps(user, petition):
    """name → (label, form class) of the steps ``user`` may take on ``petition`` now."""
    return {name: STEPS[name] for name in permissions.allowed_actions(user, petition)}


def _to_clue(user, petition, data):
    clue, created = clue_services.clue_from_petition(
        user=user, petition=petition, subject_person=data["subject_person"], at=data.get("at")
    )
    if created:
        return f"已转为问题线索 {clue.number}"
    # A second request (another tab, a double click): the clue the first made, named only to whoever may see it.
    if clue_selectors.clue_queryset(user=user).filter(pk=clue.pk).exists():
        return f"该信访件已转为问题线索 {clue.number}，未重复登记"
    return "该信访件已转为问题线索，未重复登记"


def _do_step(user, petition, name, form):
    data = form.cleaned_data
    if name == "correct":
        services.petition_correct(
            user=user, petition=petition, reason=data["reason"], version=data.get("version"), **form.changes()
        )
    elif name == "to_clue":
        return _to_clue(user, petition, data)
    elif name == "accept":
        services.petition_accept(user=user, petition=petition, at=data["at"])
    elif name == "reject":
        services.petition_reject(user=user, petition=petition, reason=data["reason"], at=data["at"])
    elif name == "escalate":
        services.petition_escalate(user=user, petition=petition, reason=data["reason"] or None, at=data["at"])
    elif name == "transfer":
        services.petition_transfer(
            user=user, petition=petition, department=data["department"], summary=data["summary"], at=data["at"]
        )
    elif name == "handle":
        services.petition_handle(user=user, petition=petition, at=data["at"])
    elif name == "conclude":
        services.petition_conclude(
            user=user, petition=petition, result=data["result"], concluded_on=data["concluded_on"]
        )
    elif name == "notify":
        services.petition_notify(user=user, petition=petition, method=data["method"], on=data["on"])
    elif name == "feedback":
        services.petition_feedback(
            user=user, petition=petition, method=data["method"], note=data["note"], on=data["on"]
        )
    elif name == "extend":
        services.extension_request(
            user=user, petition=petition, days=data["days"], reason=data["reason"], at=data["at"]
        )
    elif name == "object":
        services.petition_object(user=user, petition=petition, reason=data["reason"], on=data["on"])
    elif name == "review_request":
        services.petition_review_request(user=user, petition=petition, stage=data["stage"], on=data["on"])
    elif name == "review_answer":
        services.petition_review_answer(
            user=user, petition=petition, stage=data["stage"], opinion=data["opinion"], on=data["on"]
        )
    return None


def _step_form(steps, name, petition, *args):
    if name == "correct":
        return CorrectionForm(*args, prefix=name, petition=petition)
    form = steps[name][1](*args, prefix=name)
    if name == "to_clue" and petition.subject_person_id:
        form.fields["subject_person"].help_text = f"不选择即为信访件登记的被反映人（{petition.subject_person.name}）"
    elif name == "extend":
        rule = get_rule(conclude_rule(petition))
        form.fields[
            "days"
        ].help_text = f"最多延长 {rule.max_extension}{rule.get_unit_display()}，只能延期一次，由纪检负责人审批"
    elif name == "review_request":
        form.initial.setdefault("stage", permissions.review_request_stage(petition))
    elif name == "review_answer":
        form.initial.setdefault("stage", permissions.review_answer_stage(petition))
    return form


def _ask_identity(request, petition):
    """Ask to see the reporter's identity: None when asked, else the form with its errors."""
    form = ReasonForm(request.POST, prefix="identity")
    ask = partial(services.identity_request_create, user=request.user, petition=petition)
    if submit(request, form, lambda data: ask(reason=data["reason"]), "已提交查看身份申请，等待纪检负责人审批"):
        return None
    return form


def _may_decide_identity(user, access_request):
    return (
        permissions.can_decide(user)
        and access_request.status == IdentityAccessRequest.Status.PENDING
        and access_request.requested_by_id != user.pk
    )


def _identity_prefix(access_request):
    return f"identity-request-{access_request.pk}"


def _decide_identity(request, petition, approve):
    """Approve or refuse a request to see the identity (the supervisor): (request id, None) when done,
    else the form with its errors."""
    access = get_visible_or_404(
        selectors.identity_request_list(user=request.user).filter(petition=petition),
        user=request.user,
        pk=request.POST.get("request"),
    )
    if not _may_decide_identity(request.user, access):
        raise ApplicationError("该申请当前不能由您审批，请刷新页面后重试", code="not_allowed")
    approved, refused = (
        (services.identity_request_approve, "已批准查看身份申请"),
        (services.identity_request_refuse, "已驳回查看身份申请"),
    )
    return access.pk, decide(request, _identity_prefix(access), approve, approved, refused, access_request=access)


def _decide_extension(request, petition, approve):
    """Approve or refuse a pending 延期 (the supervisor): (extension id, None) when done, else the form
    with its errors."""
    extension = get_visible_or_404(
        selectors.extension_list(user=request.user).filter(petition=petition, status=PetitionExtension.Status.PENDING),
        user=request.user,
        pk=request.POST.get("extension"),
    )
    approved, refused = (services.extension_approve, "已批准延期"), (services.extension_refuse, "已不予批准延期")
    prefix = f"extension-{extension.pk}"
    form = decide(request, prefix, approve, approved, refused, form_class=ExtensionDecisionForm, extension=extension)
    return extension.pk, form


def _query_code_card(user, petition):
    """The 查询码 card (纪检 staff, a petition with the reporter's contact): None when not shown."""
    if not permissions.can_process(user) or not (petition.query_code_issued_at or query_code.has_contact(petition)):
        return None
    return {"issuable": query_code.may_issue(user, petition)}


@require_roles(READERS + (Role.OFFICE,))
@require_http_methods(["GET", "POST"])
def petition_detail(request, pk):
    if permissions.sees_office_projection(request.user):
        # Offices read petitions only as 转办件 (never the content or the reporter).
        return redirect("web:transfer-detail", pk=pk)
    petition = selectors.petition_get(user=request.user, pk=pk)
    extensions = list(selectors.extension_list(user=request.user).filter(petition=petition).order_by("requested_at"))
    steps = _steps(request.user, petition)
    forms = {name: _step_form(steps, name, petition) for name in steps}
    may_attach = permissions.can_process(request.user) and not petition.is_restricted
    upload_form = attach_form(request) if may_attach else None
    identity, identity_form, status = None, None, 200
    extension_decisions, identity_decisions = {}, {}
    if request.method == "POST":
        name = request.POST.get("action", "")
        status = 400  # unless the step is done (redirect) or it is a reveal
        try:
            if name == "reveal":
                identity = reveal_identity(user=request.user, petition=petition, request=request)
                status = 200
            elif name == "request_identity":
                identity_form = _ask_identity(request, petition)
                if identity_form is None:
                    return redirect("web:petition-detail", pk=petition.pk)
            elif name in ("approve_identity", "refuse_identity"):
                request_id, form = _decide_identity(request, petition, name == "approve_identity")
                if form is None:
                    return redirect("web:petition-detail", pk=petition.pk)
                identity_decisions[request_id] = form
            elif name in ("approve_extension", "refuse_extension") and permissions.can_decide(request.user):
                extension_id, form = _decide_extension(request, petition, name == "approve_extension")
                if form is None:
                    return redirect("web:petition-detail", pk=petition.pk)
                extension_decisions[extension_id] = form
            elif name == "attach" and may_attach:
                done, upload_form = attach(
                    request, petition, PetitionAttachment.Purpose.ORIGINAL, "web:petition-detail"
                )
                if done is not None:
                    return done
            elif name in steps:
                forms[name] = _step_form(steps, name, petition, request.POST)
                form = forms[name]
                done = None if name in STEP_SAYS else STEP_DONE.get(name, f"已{steps[name][0]}")
                if submit(request, form, lambda _data, form=form: _do_step(request.user, petition, name, form), done):
                    return redirect("web:petition-detail", pk=petition.pk)
            else:
                raise ApplicationError("当前状态下您不能执行此操作，请刷新页面后重试", code="not_allowed")
        except ApplicationError as exc:
            # A step this user may not take (now), or a reveal refused: nothing typed to keep.
            messages.error(request, exc.message)
            return redirect("web:petition-detail", pk=petition.pk)
    lights = LightContext()
    can_decide = permissions.can_decide(request.user)
    for extension in extensions:
        extension.decision_form = None
        if (
            can_decide
            and extension.status == PetitionExtension.Status.PENDING
            and (extension.requested_by_id != request.user.pk)
        ):
            extension.decision_form = extension_decisions.get(extension.pk) or ExtensionDecisionForm(
                prefix=f"extension-{extension.pk}"
            )
    access_requests = list(selectors.identity_request_list(user=request.user).filter(petition=petition))
    for access in access_requests:
        access.decision_form = None
        if _may_decide_identity(request.user, access):
            access.decision_form = identity_decisions.get(access.pk) or DecisionForm(prefix=_identity_prefix(access))
    context = {
        "petition": petition,
        "light_value": lights.light(petition),
        "deadlines": deadline_rows(petition, active_rules()),
        "steps": [(name, steps[name][0], forms[name]) for name in steps],
        "attachments": selectors.attachment_list(user=request.user, petition=petition),
        "attach_form": upload_form,
        "extensions": extensions,
        "identity": identity,
        "identity_basis": identity_basis(request.user, petition) if petition.informant_id else None,
        "can_view_identity": bool(petition.informant_id) and can_view_identity(request.user, petition),
        "can_request_identity": bool(petition.informant_id) and permissions.can_process(request.user),
        "identity_form": identity_form or ReasonForm(prefix="identity"),
        "access_requests": access_requests,
        "identity_views": selectors.identity_view_list(user=request.user).filter(petition=petition).order_by("-at"),
        **repeats_context(request.user, petition),
        "closed": petition.status in FINAL_STATUSES,
        "query_code_card": _query_code_card(request.user, petition),
        # The clue it became, where this viewer may see it (discipline's visibility, 回避 included).
        "clues": clue_selectors.clue_queryset(user=request.user).filter(source_petition_id=petition.pk).order_by("pk"),
    }
    context["breadcrumbs"] = breadcrumbs.petition_crumbs(request.user, petition)
    response = render(request, "web/petitions/petition_detail.html", context, status=status)
    if identity is not None:
        response["Cache-Control"] = "no-store"
    return response
