"""信访 pages: intake, list, the petition page with its steps, and the office's 转办件.

Reads go through ``petitions.selectors`` (visibility first; 404 for the unseen). A
reporter's identity is shown exactly as the API shows it: the pseudonymous code on every
page, the identity itself only on an explicit request that ``petitions.identity`` allows
and records; the request and the view log are on the petition page.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.scoping import get_visible_or_404
from deadlines.services import get_rule
from organization.roles import Role
from petitions import exports, permissions, selectors, services
from petitions.deadlines import OPEN_FOR_CONCLUSION, active_rules, conclude_rule, deadline_rows
from petitions.filters import PetitionFilter, TransferFilter
from petitions.identity import can_view_identity, identity_basis, reveal_identity
from petitions.lights import LightContext
from petitions.models import (
    FINAL_STATUSES,
    IdentityAccessRequest,
    Kind,
    PetitionAttachment,
    PetitionExtension,
    Status,
)
from web.forms import DecisionForm, add_service_error, decide, submit
from web.forms.once import add_form_token, create_once
from web.forms.petitions import (
    AttachmentForm,
    ConcludeForm,
    ContactForm,
    EmptyForm,
    EscalateForm,
    ExtensionForm,
    FeedbackForm,
    IntakeForm,
    ObjectionForm,
    ReasonForm,
    RejectForm,
    ReplyForm,
    ReviewAnswerForm,
    ReviewRequestForm,
    TransferForm,
)
from web.nav import READERS, STAFF
from web.permissions import require_roles
from web.views.common import filtered, paginate

LIST_FILTERS = ("text", "kind", "status", "category", "light", "overdue", "received_after", "received_before")
TRANSFER_FILTERS = ("text", "office_status", "light", "overdue")
# Success messages where "已" + the step's label does not read well.
STEP_DONE = {"review_request": "已登记复查/复核请求", "review_answer": "已登记复查/复核意见"}


@require_roles(READERS)
@require_GET
def petition_list(request):
    filterset = PetitionFilter(request.GET, queryset=selectors.petition_list(user=request.user), request=request)
    qs, errors, fields = filtered(filterset, LIST_FILTERS, yes_no=("overdue",))
    page = paginate(request, qs.order_by("-received_at", "-id"))
    lights = LightContext()
    for p in page:
        p.light_value = lights.light(p)
    return render(
        request,
        "web/petitions/petition_list.html",
        {
            "page": page,
            "filter_fields": fields,
            "filter_errors": errors,
            "can_register": permissions.can_register(request.user),
            "can_export": permissions.can_export(request.user),
        },
        status=400 if errors else 200,
    )


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def petition_create(request):
    form = add_form_token(IntakeForm(request.POST or None), request.user)
    if request.method == "POST":
        done = create_once(
            request,
            form,
            lambda _data: services.petition_register(
                user=request.user, informant=form.informant, **form.service_data()
            ),
            success=lambda petition: f"已登记信访件 {petition.number}",
            url=lambda pk: reverse("web:petition-detail", kwargs={"pk": pk}),
        )
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, "web/petitions/petition_form.html", {"form": form}, status=status)


def _steps(user, petition, extensions):
    """The steps this user may take on this petition now: name → (label, form class).

    They follow the petition's state so the page offers what can be done; the services
    decide (a step offered in error is refused with their message)."""
    steps = {}
    if not permissions.can_process(user):
        return steps
    s = petition.status
    restricted = petition.is_restricted
    if s == Status.REGISTERED and petition.outside_remit:
        steps["object"] = ("提出异议", ObjectionForm)
    if s == Status.REGISTERED:
        steps["accept"] = ("受理", EmptyForm)
        steps["reject"] = ("不予受理", RejectForm)
    if s in (Status.REGISTERED, Status.ACCEPTED) and (restricted or petition.kind == "accusation"):
        steps["escalate"] = ("报送上级", EscalateForm)
    if s == Status.ACCEPTED and not restricted:
        steps["transfer"] = ("转办", TransferForm)
        steps["handle"] = ("直接办理", EmptyForm)
    if s in (Status.HANDLING, Status.REPLIED):
        steps["conclude"] = ("办结", ConcludeForm)
    if (
        s not in (Status.REGISTERED, Status.ESCALATED)
        and petition.is_named
        and petition.informant_id
        and not petition.is_repeat
        and petition.notified_on is None
        and not petition.outside_remit
    ):
        steps["notify"] = ("登记告知", ContactForm)
    if s == Status.CONCLUDED and petition.is_named and petition.feedback_on is None:
        steps["feedback"] = ("登记反馈", FeedbackForm)
    if (
        s in OPEN_FOR_CONCLUSION
        and petition.conclude_due
        and not any(
            e.status in (PetitionExtension.Status.PENDING, PetitionExtension.Status.APPROVED) for e in extensions
        )
    ):
        steps["extend"] = ("申请延期", ExtensionForm)
    if _review_request_stage(petition):
        steps["review_request"] = ("收到复查/复核请求", ReviewRequestForm)
    if _review_answer_stage(petition):
        steps["review_answer"] = ("复查/复核意见", ReviewAnswerForm)
    return steps


def _reviewable(petition):
    return petition.status == Status.CONCLUDED and petition.kind == Kind.PETITION and not petition.is_restricted


def _review_request_stage(petition):
    """The 复查/复核 request the reporter may still make (as ``petition_review_request`` checks), or None."""
    if not _reviewable(petition):
        return None
    if petition.review_requested_on is None:
        return "review"
    if petition.review_answered_on is not None and petition.recheck_requested_on is None:
        return "recheck"
    return None


def _review_answer_stage(petition):
    """The 复查/复核 request awaiting its opinion (as ``petition_review_answer`` checks), or None."""
    if not _reviewable(petition):
        return None
    if petition.review_requested_on is not None and petition.review_answered_on is None:
        return "review"
    if petition.recheck_requested_on is not None and petition.recheck_answered_on is None:
        return "recheck"
    return None


def _do_step(user, petition, name, data):
    if name == "accept":
        services.petition_accept(user=user, petition=petition)
    elif name == "reject":
        services.petition_reject(user=user, petition=petition, reason=data["reason"])
    elif name == "escalate":
        services.petition_escalate(user=user, petition=petition, reason=data["reason"] or None)
    elif name == "transfer":
        services.petition_transfer(user=user, petition=petition, department=data["department"], summary=data["summary"])
    elif name == "handle":
        services.petition_handle(user=user, petition=petition)
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
        services.extension_request(user=user, petition=petition, days=data["days"], reason=data["reason"])
    elif name == "object":
        services.petition_object(user=user, petition=petition, reason=data["reason"], on=data["on"])
    elif name == "review_request":
        services.petition_review_request(user=user, petition=petition, stage=data["stage"], on=data["on"])
    elif name == "review_answer":
        services.petition_review_answer(
            user=user, petition=petition, stage=data["stage"], opinion=data["opinion"], on=data["on"]
        )


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


def _step_form(steps, name, petition, *args):
    form = steps[name][1](*args, prefix=name)
    if name == "extend":
        rule = get_rule(conclude_rule(petition))
        form.fields[
            "days"
        ].help_text = f"最多延长 {rule.max_extension}{rule.get_unit_display()}，只能延期一次，由纪检负责人审批"
    elif name == "review_request":
        form.initial.setdefault("stage", _review_request_stage(petition))
    elif name == "review_answer":
        form.initial.setdefault("stage", _review_answer_stage(petition))
    return form


def _decide_extension(request, petition, approve):
    """Approve or refuse a pending 延期 (the supervisor): (extension id, None) when done, else the form
    with its errors."""
    extension = get_visible_or_404(
        selectors.extension_list(user=request.user).filter(petition=petition, status=PetitionExtension.Status.PENDING),
        user=request.user,
        pk=request.POST.get("extension"),
    )
    approved, refused = (services.extension_approve, "已批准延期"), (services.extension_refuse, "已不予批准延期")
    return extension.pk, decide(request, f"extension-{extension.pk}", approve, approved, refused, extension=extension)


def _attach_form(request, *args):
    return add_form_token(AttachmentForm(*args, prefix="attach"), request.user)


def _attach(request, petition, purpose, page):
    """Upload one file (originals: 纪检 staff; reply material: the department it was transferred to),
    once per rendered form. (the redirect to ``page``, None) when done, else (None, the form with its
    errors)."""
    form = _attach_form(request, request.POST, request.FILES)

    def upload(data):
        return services.attachment_add(user=request.user, petition=petition, upload=data["file"], purpose=purpose)

    done = create_once(
        request,
        form,
        upload,
        success=lambda attachment: f"已上传材料：{attachment.original_name}",
        url=lambda _pk: reverse(page, kwargs={"pk": petition.pk}),
    )
    return (done, None) if done is not None else (None, form)


@require_roles(READERS + (Role.OFFICE,))
@require_http_methods(["GET", "POST"])
def petition_detail(request, pk):
    if permissions.sees_office_projection(request.user):
        # Offices read petitions only as 转办件 (never the content or the reporter).
        return redirect("web:transfer-detail", pk=pk)
    petition = selectors.petition_get(user=request.user, pk=pk)
    extensions = list(selectors.extension_list(user=request.user).filter(petition=petition).order_by("requested_at"))
    steps = _steps(request.user, petition, extensions)
    forms = {name: _step_form(steps, name, petition) for name in steps}
    may_attach = permissions.can_process(request.user) and not petition.is_restricted
    attach_form = _attach_form(request) if may_attach else None
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
                done, attach_form = _attach(
                    request, petition, PetitionAttachment.Purpose.ORIGINAL, "web:petition-detail"
                )
                if done is not None:
                    return done
            elif name in steps:
                forms[name] = _step_form(steps, name, petition, request.POST)
                step = partial(_do_step, request.user, petition, name)
                if submit(request, forms[name], step, STEP_DONE.get(name, f"已{steps[name][0]}")):
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
            extension.decision_form = extension_decisions.get(extension.pk) or DecisionForm(
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
        "attach_form": attach_form,
        "extensions": extensions,
        "identity": identity,
        "identity_basis": identity_basis(request.user, petition) if petition.informant_id else None,
        "can_view_identity": bool(petition.informant_id) and can_view_identity(request.user, petition),
        "can_request_identity": bool(petition.informant_id) and permissions.can_process(request.user),
        "identity_form": identity_form or ReasonForm(prefix="identity"),
        "access_requests": access_requests,
        "identity_views": selectors.identity_view_list(user=request.user).filter(petition=petition).order_by("-at"),
        "suspected_repeats": selectors.suspected_repeats(user=request.user, petition=petition),
        "closed": petition.status in FINAL_STATUSES,
    }
    response = render(request, "web/petitions/petition_detail.html", context, status=status)
    if identity is not None:
        response["Cache-Control"] = "no-store"
    return response


# -- 转办件 (the office's view) ---------------------------------------------------------------------


@require_roles((Role.OFFICE,) + STAFF)
@require_GET
def transfer_list(request):
    filterset = TransferFilter(request.GET, queryset=selectors.transferred_list(user=request.user), request=request)
    qs, errors, fields = filtered(filterset, TRANSFER_FILTERS, yes_no=("overdue",))
    page = paginate(request, qs.order_by("-transferred_at", "-id"))
    lights = LightContext()
    for p in page:
        p.light_value = lights.transfer_light(p)
    return render(
        request,
        "web/petitions/transfer_list.html",
        {
            "page": page,
            "filter_fields": fields,
            "filter_errors": errors,
        },
        status=400 if errors else 200,
    )


@require_roles((Role.OFFICE,) + STAFF)
@require_http_methods(["GET", "POST"])
def transfer_detail(request, pk):
    petition = get_visible_or_404(selectors.transferred_list(user=request.user), user=request.user, pk=pk)
    may_reply = petition.status == Status.TRANSFERRED and permissions.can_reply(request.user, petition)
    action = request.POST.get("action", "reply")
    posted_reply = request.method == "POST" and action == "reply"
    form = ReplyForm(request.POST if posted_reply else None) if may_reply else None
    attach_form = _attach_form(request) if may_reply else None
    if request.method == "POST":
        if not may_reply:
            messages.error(request, "该转办件当前不能反馈")
            return redirect("web:transfer-detail", pk=pk)
        if action == "attach":
            done, attach_form = _attach(request, petition, PetitionAttachment.Purpose.REPLY, "web:transfer-detail")
            if done is not None:
                return done
        elif form.is_valid():
            try:
                services.petition_reply(user=request.user, petition=petition, reply=form.cleaned_data["reply"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "已反馈办理情况")
                return redirect("web:transfer-detail", pk=pk)
    return render(
        request,
        "web/petitions/transfer_detail.html",
        {
            "petition": petition,
            "light_value": LightContext().transfer_light(petition),
            "full_page": not permissions.sees_office_projection(request.user),
            "form": form,
            "attach_form": attach_form,
            "attachments": selectors.attachment_list(user=request.user, petition=petition),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_roles(READERS)
@require_GET
def petition_export(request):
    """The 信访台账 button: a large export goes to the worker (its job page); a small one is written
    here, as the API writes it (``petitions.exports``: same selector, filters and ordering)."""
    if not permissions.can_export(request.user):
        raise PermissionDenied("您没有导出信访台账的权限")
    query = request.GET.urlencode()
    try:
        queryset = exports.ledger_queryset(user=request.user, query=query)
    except exports.LedgerQueryInvalid:
        return redirect(f"{reverse('petition-export')}?{query}")  # the API names the bad filter (400)
    job = exports.ledger_job(user=request.user, queryset=queryset, query=query)
    if job is not None:
        return redirect("web:job-detail", pk=job.pk)
    return exports.ledger_response(request, queryset)
