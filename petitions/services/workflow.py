"""受理 / 不予受理 → 报送上级 | 转办 (→ 部门办结反馈) | 直接办理 → 办结 → 告知 / 反馈.

Every step runs in one transaction on the petition locked through the user's visibility,
checks who may do it and from which state, stores who and when, and writes the workflow
log (PetitionEvent) and the field history (simple-history).
"""

from django.db import transaction
from django.utils import timezone

from core.backfill import is_backfilled
from core.errors import ApplicationError, InvalidTransitionError, field_error, require
from core.workflow import step_done
from organization.models import Membership
from petitions import permissions
from petitions.deadlines import set_due, set_dues
from petitions.identity import erase_identity
from petitions.models import (
    ContactMethod,
    Kind,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionOutcome,
    RestrictedReason,
    Status,
)
from petitions.services.common import (
    day,
    day_moment,
    latest,
    lock_visible,
    moment,
    raise_if,
    record,
    remember_subject,
    require_status,
    require_unrestricted,
    save,
)

Action = PetitionEvent.Action


def _staff_step(user, petition, allowed, label):
    require(permissions.can_process(user), f"只有纪检干部可以{label}")
    petition = lock_visible(user, petition)
    require_status(petition, allowed, label)
    return petition


@transaction.atomic
def petition_accept(*, user, petition, at=None) -> Petition:
    """受理 at ``at`` (default now, not before receipt). A 信访 starts its 60-day 办结 period
    (信访工作条例 第三十四条) from that day."""
    petition = _staff_step(user, petition, (Status.REGISTERED,), "受理")
    at = moment(at, not_before=petition.received_at, not_before_label="收到时间")
    petition.status = Status.ACCEPTED
    petition.accepted_at, petition.accepted_by = at, user
    set_due(petition, "conclude_due")
    save(petition, "受理", at=at)
    record(petition, Action.ACCEPT, user, at=at)
    return petition


@transaction.atomic
def petition_reject(*, user, petition, reason, at=None) -> Petition:
    """不予受理, with the reason (检举控告工作规则: 诉讼仲裁等途径、他机关职责、无实质内容)."""
    petition = _staff_step(user, petition, (Status.REGISTERED,), "作出不予受理决定")
    raise_if({"reason": "请填写不予受理的理由"} if not (reason or "").strip() else {})
    at = moment(at, not_before=petition.received_at, not_before_label="收到时间")
    petition.status = Status.REJECTED
    petition.rejected_at, petition.rejected_by, petition.reject_reason = at, user, reason.strip()
    save(petition, "不予受理", at=at)
    record(petition, Action.REJECT, user, at=at, note=reason.strip())
    return petition


def _scrub_content(petition):
    """报送上级: nothing of the matter may stay — content, reporter, category, subject, files, and their history."""
    from simple_history.utils import get_history_model_for_model

    remember_subject(petition)  # the content goes; 回避 stays (PetitionRecusal)
    informant = petition.informant
    for field in ("summary", "content", "transfer_summary", "result"):
        setattr(petition, field, "")
    petition.category = petition.subject_person = petition.subject_department = petition.informant = None
    petition.is_named = petition.is_repeat = False
    petition.repeat_of = None
    if informant is not None:  # the identity row is this petition's alone
        erase_identity(informant)
    for attachment in PetitionAttachment.objects.filter(petition=petition):
        attachment.file.delete(save=False)
    PetitionAttachment.objects.filter(petition=petition).delete()
    get_history_model_for_model(PetitionAttachment).objects.filter(petition_id=petition.pk).update(
        original_name="（已清除）", file=""
    )
    get_history_model_for_model(Petition).objects.filter(id=petition.pk).update(
        summary="",
        content="",
        transfer_summary="",
        result="",
        category=None,
        subject_person=None,
        subject_department=None,
        informant=None,
    )


@transaction.atomic
def petition_escalate(*, user, petition, reason=None, at=None) -> Petition:
    """报送上级 (检举控告工作规则 第十五条): a 检举控告 under a higher body's jurisdiction or about the
    unit's principal leader. Only the fact and time of sending are kept: whatever content was
    entered is erased (with its history), and the petition can never be transferred or exported
    with content. Due 5 工作日 from receipt (rule ``accusation-escalate``).
    """
    petition = _staff_step(user, petition, (Status.REGISTERED, Status.ACCEPTED), "报送上级")
    if petition.kind != Kind.ACCUSATION:
        raise field_error("kind", "只有检举控告需要报送上级纪检监察机关")
    reason = reason or petition.restricted_reason
    if reason not in RestrictedReason.values:
        raise field_error("reason", "请选择报送上级的原因")
    at = moment(at, not_before=petition.received_at, not_before_label="收到时间")
    _scrub_content(petition)
    petition.is_restricted, petition.restricted_reason = True, reason
    petition.status = Status.ESCALATED
    petition.escalated_at, petition.escalated_by = at, user
    set_dues(petition)
    save(petition, "报送上级", at=at)
    record(petition, Action.ESCALATE, user, at=at, note=RestrictedReason(reason).label)
    return petition


def _check_transfer_target(petition, department):
    """Which petitions may go to which office (信访工作条例 第三十条; 检举控告工作规则 第五十二条)."""
    if department is None:
        raise field_error("department", "请选择转办部门")
    if not department.is_active:
        raise field_error("department", "该部门已停用")
    if petition.kind == Kind.ACCUSATION:
        subject_depts = set()
        if petition.subject_person_id:
            subject_depts = set(
                Membership.objects.filter(person_id=petition.subject_person_id).values_list("department_id", flat=True)
            )
        if department.pk in subject_depts or department.pk == petition.subject_department_id:
            raise field_error(
                "department",
                "检举控告不得转交被检举控告人所在部门（不得将检举控告材料转给被检举控告的组织、人员）",
                code="transfer_to_subject",
            )
        raise field_error("department", "检举控告由纪检机构办理，不能转办给责任部门", code="transfer_not_allowed")
    if petition.kind == Kind.PETITION and not (petition.category and petition.category.is_service):
        raise field_error(
            "department",
            "只有服务类的信访事项可以转办给责任部门，其他信访事项由纪检机构办理",
            code="transfer_not_allowed",
        )


@transaction.atomic
def petition_transfer(*, user, petition, department, summary, at=None) -> Petition:
    """转办 to a department with the inspector's 转办摘要; the office replies by rule ``transfer-reply``."""
    petition = _staff_step(user, petition, (Status.ACCEPTED,), "转办")
    require_unrestricted(petition, "转办")
    if not (summary or "").strip():
        raise field_error("summary", "请填写转办摘要（责任部门只看到这段文字，不要写入举报人信息）")
    _check_transfer_target(petition, department)
    at = moment(at, not_before=petition.accepted_at, not_before_label="受理时间")
    petition.status = Status.TRANSFERRED
    petition.transfer_department, petition.transfer_summary = department, summary.strip()
    petition.transferred_at, petition.transferred_by = at, user
    set_due(petition, "transfer_due")
    save(petition, "转办", at=at)
    record(petition, Action.TRANSFER, user, at=at, note=f"转办至{department.name}")
    step_done("petition.transfer", petition, actor=user)
    return petition


@transaction.atomic
def petition_reply(*, user, petition, reply, at=None) -> Petition:
    """办结反馈 by the department the petition was transferred to.

    A reply the department gave on an earlier day (on paper, or in a past year's ledger) may be
    entered by 纪检 staff as 补录: ``at`` on an earlier day, noted as entered for the department."""
    petition = lock_visible(user, petition)
    by_staff = not permissions.can_reply(user, petition)
    if by_staff:
        require(
            permissions.can_process(user) and at is not None and is_backfilled(at, timezone.now()),
            "只有承办部门的联络员可以反馈办理情况（纪检干部只能补录部门此前的反馈，并填写反馈时间）",
        )
    require_status(petition, (Status.TRANSFERRED,), "反馈办理情况")
    if not (reply or "").strip():
        raise field_error("reply", "请填写办理情况")
    at = moment(at, not_before=petition.transferred_at, not_before_label="转办时间")
    petition.status = Status.REPLIED
    petition.transfer_reply, petition.replied_at, petition.replied_by = reply.strip(), at, user
    save(petition, "部门办结反馈（纪检干部代为补录）" if by_staff else "部门办结反馈", at=at)
    record(petition, Action.REPLY, user, at=at, note="纪检干部代为补录" if by_staff else "")
    if not by_staff:  # a past reply asks nobody to act
        step_done("petition.reply", petition, actor=user)
    return petition


@transaction.atomic
def petition_handle(*, user, petition, at=None) -> Petition:
    """直接办理 by the 纪检 office itself."""
    petition = _staff_step(user, petition, (Status.ACCEPTED,), "直接办理")
    require_unrestricted(petition, "直接办理")
    at = moment(at, not_before=petition.accepted_at, not_before_label="受理时间")
    petition.status = Status.HANDLING
    petition.handling_started_at, petition.handled_by = at, user
    save(petition, "直接办理", at=at)
    record(petition, Action.HANDLE, user, at=at)
    return petition


def _check_outcomes(outcomes):
    """Each person (or department) once per outcome kind: the 四种形态 count people, not entries."""
    errors, seen = [], set()
    for index, item in enumerate(outcomes):
        person, department = item.get("person"), item.get("department")
        if person is None and department is None:
            errors.append(f"第{index + 1}条处理结果需要指定被处理人或部门")
            continue
        key = ("p", person.pk, item["kind"]) if person is not None else ("d", department.pk, item["kind"])
        if key in seen:
            who = person.name if person is not None else department.name
            errors.append(f"第{index + 1}条处理结果重复：{who}已有同一处理方式")
        seen.add(key)
    if errors:
        raise ApplicationError(errors[0], code="invalid", detail={"outcomes": errors})


@transaction.atomic
def petition_conclude(*, user, petition, result, outcomes=(), concluded_on=None) -> Petition:
    """办结 on ``concluded_on`` (default today; not before 受理, 直接办理 or the department's 反馈) with
    the result and the outcomes per person and per department, each decided that day; starts the
    反馈 period from that day."""
    petition = _staff_step(user, petition, (Status.HANDLING, Status.REPLIED), "办结")
    if not (result or "").strip():
        raise field_error("result", "请填写办理结果")
    follows, follows_label = latest(
        (petition.accepted_at, "受理日期"),
        (petition.handling_started_at, "开始直接办理日期"),
        (petition.replied_at, "部门反馈日期"),
    )
    concluded_on = day(concluded_on, field="concluded_on", not_before=follows, not_before_label=follows_label)
    outcomes = list(outcomes)
    _check_outcomes(outcomes)
    petition.status = Status.CONCLUDED
    petition.result, petition.concluded_on, petition.concluded_by = result.strip(), concluded_on, user
    set_dues(petition, ("feedback_due", "review_request_due"))
    save(petition, "办结", at=concluded_on)
    PetitionOutcome.objects.bulk_create(
        [
            PetitionOutcome(
                petition=petition,
                kind=item["kind"],
                person=item.get("person"),
                department=item.get("department"),
                note=item.get("note", ""),
                decided_on=concluded_on,
                created_by=user,
            )
            for item in outcomes
        ]
    )
    note = f"处理结果{len(outcomes)}条" if outcomes else ""
    record(petition, Action.CONCLUDE, user, at=day_moment(concluded_on), note=note)
    return petition


def _check_contact(method, field):
    if method not in ContactMethod.values:
        raise field_error(field, "请选择方式")


@transaction.atomic
def petition_notify(*, user, petition, method, on=None) -> Petition:
    """告知 a named reporter of the acceptance decision. Repeat reports are not notified again."""
    require(permissions.can_process(user), "只有纪检干部可以登记告知情况")
    petition = lock_visible(user, petition)
    if petition.status in (Status.REGISTERED, Status.ESCALATED):
        raise InvalidTransitionError(
            f"信访件 {petition.number} 当前状态为“{petition.get_status_display()}”，"
            "尚未作出受理决定或已报送上级，不能登记告知"
        )
    if petition.is_repeat and petition.kind == Kind.ACCUSATION:
        # Only the 检举控告工作规则 exempts a repeat report; a repeat 信访 or 投诉 is told.
        raise field_error("is_repeat", "重复检举控告不再告知（检举控告工作规则：重复检举控告的，不再告知）")
    if petition.outside_remit:
        raise field_error(
            "outside_remit", "不属本单位职权范围的转送、交办件应提出异议，不登记告知（信访工作条例第二十三条）"
        )
    if not petition.is_named or petition.informant_id is None:
        raise field_error("is_named", "匿名件无法告知")
    if petition.notified_on is not None:
        raise field_error("notified_on", f"已于{petition.notified_on:%Y-%m-%d}告知，不能重复登记")
    _check_contact(method, "method")
    decided, decided_label = latest((petition.accepted_at, "受理日期"), (petition.rejected_at, "不予受理日期"))
    on = day(on, field="on", not_before=decided or petition.received_on, not_before_label=decided_label or "收到日期")
    petition.notified_on, petition.notify_method, petition.notified_by = on, method, user
    save(petition, "告知", at=on)
    record(petition, Action.NOTIFY, user, at=day_moment(on), note=ContactMethod(method).label)
    return petition


@transaction.atomic
def petition_feedback(*, user, petition, method, note="", on=None) -> Petition:
    """反馈 the result to a named reporter after 办结 (with any objection they raise)."""
    petition = _staff_step(user, petition, (Status.CONCLUDED,), "反馈处理结果")
    if not petition.is_named or petition.informant_id is None:
        raise field_error("is_named", "匿名件无法反馈")
    if petition.feedback_on is not None:
        raise field_error("feedback_on", f"已于{petition.feedback_on:%Y-%m-%d}反馈，不能重复登记")
    _check_contact(method, "method")
    on = day(on, field="on", not_before=petition.concluded_on, not_before_label="办结日期")
    petition.feedback_on, petition.feedback_method, petition.feedback_by = on, method, user
    petition.feedback_note = (note or "").strip()
    save(petition, "反馈", at=on)
    record(petition, Action.FEEDBACK, user, at=day_moment(on), note=ContactMethod(method).label)
    return petition


@transaction.atomic
def petition_object(*, user, petition, reason, on=None) -> Petition:
    """提出异议: a 转送、交办 item outside the unit's remit goes back to the body that sent it, within
    5 工作日 of receipt (信访工作条例 第二十三条, rule ``petition-objection``). The petition is closed
    as 不予受理 with the objection as its reason."""
    petition = _staff_step(user, petition, (Status.REGISTERED,), "提出异议")
    if not petition.outside_remit:
        raise field_error("outside_remit", "只有标记为不属本单位职权范围的转送、交办件可以提出异议")
    reason = (reason or "").strip()
    raise_if({"reason": "请填写异议理由"} if not reason else {})
    on = day(on, field="on", not_before=petition.received_on, not_before_label="收到日期")
    petition.objection_on, petition.objection_note = on, reason
    petition.status = Status.REJECTED
    petition.rejected_at, petition.rejected_by = max(day_moment(on), petition.received_at), user
    petition.reject_reason = f"不属本单位职权范围，已向转送、交办机关提出异议：{reason}"
    save(petition, "提出异议", at=on)
    record(petition, Action.OBJECT, user, at=petition.rejected_at, note=reason)
    return petition


_REVIEW_STAGES = {
    # stage: (requested field, answered field, opinion field, due field, window field, label, actions)
    "review": ("review_requested_on", "review_answered_on", "review_opinion", "review_due", "review_request_due",
               "复查", (Action.REVIEW_REQUEST, Action.REVIEW_ANSWER)),
    "recheck": ("recheck_requested_on", "recheck_answered_on", "recheck_opinion", "recheck_due",
                "recheck_request_due", "复核", (Action.RECHECK_REQUEST, Action.RECHECK_ANSWER)),
}  # fmt: skip


def _review_stage(stage):
    if stage not in _REVIEW_STAGES:
        raise field_error("stage", "请选择复查或复核")
    return _REVIEW_STAGES[stage]


@transaction.atomic
def petition_review_request(*, user, petition, stage, on=None) -> Petition:
    """收到复查（复核）请求 of a concluded 信访 (信访工作条例 第三十五、三十六条): the opinion is then
    due 30 日 from the request (rules ``petition-review`` / ``petition-recheck``). A 复核 needs a
    复查意见 first. The reporter's own 30-day window is shown, not enforced: it runs from the day
    they received the written answer, which may be later than the day it was issued."""
    requested, answered, _, due_field, _, label, (request_action, _) = _review_stage(stage)
    petition = _staff_step(user, petition, (Status.CONCLUDED,), f"登记{label}请求")
    if petition.kind != Kind.PETITION:
        raise field_error("stage", "只有信访事项（申诉求决类）可以请求复查、复核")
    if stage == "recheck" and petition.review_answered_on is None:
        raise field_error("stage", "尚无复查意见，不能请求复核")
    if getattr(petition, requested) is not None:
        raise field_error("on", f"已于{getattr(petition, requested):%Y-%m-%d}收到{label}请求，不能重复登记")
    start = petition.concluded_on if stage == "review" else petition.review_answered_on
    start_label = "办结日期" if stage == "review" else "复查意见日期"
    on = day(on, field="on", not_before=start, not_before_label=start_label)
    setattr(petition, requested, on)
    set_due(petition, due_field)
    save(petition, f"收到{label}请求", at=on)
    record(petition, request_action, user, at=day_moment(on))
    return petition


@transaction.atomic
def petition_review_answer(*, user, petition, stage, opinion, on=None) -> Petition:
    """复查（复核）意见: settles the 30-day period; a 复查意见 opens the reporter's window to ask for 复核."""
    requested, answered, opinion_field, _, _, label, (_, answer_action) = _review_stage(stage)
    petition = _staff_step(user, petition, (Status.CONCLUDED,), f"登记{label}意见")
    if getattr(petition, requested) is None:
        raise field_error("stage", f"尚未收到{label}请求")
    if getattr(petition, answered) is not None:
        raise field_error("on", f"已于{getattr(petition, answered):%Y-%m-%d}提出{label}意见，不能重复登记")
    opinion = (opinion or "").strip()
    raise_if({"opinion": f"请填写{label}意见"} if not opinion else {})
    on = day(on, field="on", not_before=getattr(petition, requested), not_before_label=f"收到{label}请求日期")
    setattr(petition, answered, on)
    setattr(petition, opinion_field, opinion)
    if stage == "review":
        set_due(petition, "recheck_request_due")
    save(petition, f"{label}意见", at=on)
    record(petition, answer_action, user, at=day_moment(on))
    return petition
