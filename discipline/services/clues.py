"""Writes for 问题线索: every step is one transaction that locks the clue, checks the actor
and the stage, records a signed ``ClueStep`` (经手人员签名，全程登记备查) and saves the clue
with its history.

Stages (rules-and-formats.md §2.4):
登记 → 分办 → 拟办意见 → 集体研究 → 审批 (或退回) → 执行 → 办结 → 反馈.
A clue in execution may be proposed again (重新拟办: a 暂存待查 clue taken up after a
review, or a 谈话函询 that calls for 初步核实), which goes through 集体研究 and 审批 again.
"""

import datetime as dt

from django.db import transaction

from core.concurrency import save_versioned
from core.errors import InvalidTransitionError, field_error, require
from core.outcomes import OutcomeKind, form_of
from deadlines.services import due_for
from discipline import numbering
from discipline.models import Clue, ClueOutcome, ClueStep, MeetingOpinion, YearCounter
from discipline.permissions import (
    can_approve_clue,
    can_assign_clue,
    can_handle_clue,
    can_record_meeting,
    can_register_clue,
)
from discipline.services.common import actor_of, check_date, optional_text, require_text, signer_name
from organization.models import Department, Membership
from organization.roles import Role

S = Clue.Status
D = Clue.Disposal
K = ClueStep.Kind
T = ClueStep.FeedbackTarget

MIN_MEETING_MEMBERS = 2


def _lock(clue) -> Clue:
    return Clue.objects.select_for_update().get(pk=clue.pk)


def _last_step_date(clue) -> dt.date:
    last = clue.steps.order_by("-date").values_list("date", flat=True).first()
    return last or clue.received_date


def _step_date(clue, value, *, label="办理日期"):
    """A step's date: not in the future and not before the clue's previous step."""
    return check_date(
        value, field="date", label=label, not_before=_last_step_date(clue), not_before_label="上一环节日期"
    )


def _sign(clue, kind, user, date, **fields) -> ClueStep:
    return ClueStep.objects.create(
        clue=clue, kind=kind, date=date, signed_by=user, signer_name=signer_name(user), **fields
    )


def _save(clue, user, reason):
    """Save a clue the caller has locked; a change to a saved one bumps its version."""
    clue._history_user = user
    clue._change_reason = reason
    if clue.pk is None:
        clue.save()
    else:
        save_versioned(clue)


def _expect(clue, *statuses, action: str):
    if clue.archived_at is not None:
        raise InvalidTransitionError(f"线索{clue.number}已归档，不能{action}")
    if clue.status not in statuses:
        allowed = "、".join(S(s).label for s in statuses)
        raise InvalidTransitionError(
            f"线索{clue.number}当前为“{clue.get_status_display()}”，不能{action}（仅限{allowed}的线索）"
        )


# -- 登记 ----------------------------------------------------------------------------------
def clue_register(
    *,
    user,
    received_date: dt.date,
    source: str,
    subject_person,
    summary: str,
    subject_department=None,
    content: str = "",
    inspection_round: str = "",
    source_reference: str = "",
    source_petition=None,
    date: dt.date | None = None,
) -> Clue:
    """登记 and number the clue (线〔year〕seq号, the year of receipt, no gaps).

    The number is drawn in this transaction; if anything below fails, it is given back.
    """
    actor = actor_of(user)
    require(can_register_clue(actor), "只有纪检干部可以登记问题线索")
    if received_date is None:
        raise field_error("received_date", "请填写收到日期", code="required")
    received_date = check_date(received_date, field="received_date", label="收到日期")
    if source not in Clue.Source.values:
        raise field_error("source", "线索来源无效")
    if subject_person is None:
        raise field_error("subject_person", "请选择被反映人", code="required")
    if actor.person_id is not None and subject_person.pk == actor.person_id:
        raise field_error("subject_person", "不得登记反映本人的问题线索（回避）")
    summary = require_text(summary, field="summary", label="问题摘要", max_length=500)
    content = optional_text(content, field="content", label="线索内容")
    inspection_round = optional_text(inspection_round, field="inspection_round", label="巡察轮次", max_length=200)
    source_reference = optional_text(source_reference, field="source_reference", label="来源编号或文号", max_length=200)
    if source == Clue.Source.INSPECTION and not inspection_round:
        raise field_error("inspection_round", "巡察移交的线索须填写巡察轮次", code="required")
    if source == Clue.Source.PETITION and source_petition is None:
        raise field_error("source_petition", "来源为信访举报的线索须关联信访件", code="required")
    if source != Clue.Source.PETITION and source_petition is not None:
        raise field_error("source_petition", "只有来源为信访举报的线索可以关联信访件")
    if source_petition is not None and getattr(source_petition, "is_restricted", False):
        # 上级管辖件: only the fact of sending it upward is kept; its content may not be copied.
        raise field_error("source_petition", "上级管辖的检举控告应报送上级，不得转为本级问题线索")
    if subject_department is None:
        # The person's department when they have exactly one.
        depts = list(Membership.objects.filter(person=subject_person).values_list("department", flat=True)[:2])
        subject_department = Department.objects.get(pk=depts[0]) if len(depts) == 1 else None
    date = check_date(date, field="date", label="登记日期", not_before=received_date, not_before_label="收到日期")

    with transaction.atomic():
        clue = Clue(
            year=received_date.year,
            seq=numbering.allocate(YearCounter.Series.CLUE, received_date.year),
            received_date=received_date,
            source=source,
            source_petition=source_petition,
            inspection_round=inspection_round,
            source_reference=source_reference,
            subject_person=subject_person,
            subject_department=subject_department,
            summary=summary,
            content=content,
            created_by=user,
        )
        due = due_for("clue-disposal", received_date)
        clue.disposal_due_date, clue.disposal_due_date_warning = due.date, due.warning
        if source == Clue.Source.INSPECTION:
            due = due_for("inspection-clue-feedback", received_date)
            clue.inspection_feedback_due_date, clue.inspection_feedback_due_date_warning = due.date, due.warning
        _save(clue, user, "登记")
        _sign(clue, K.REGISTER, user, date, note=f"登记编号 {clue.number}")
    return clue


def _set_inquiry_conclude_due(clue):
    """谈话函询 办结: 30 日 (rule ``inquiry-conclude``) from the talk, or from the written reply;
    a letter not yet answered has no 办结 date (the 函询回复 period runs instead)."""
    start = clue.inquiry_conclude_start()
    due = due_for("inquiry-conclude", start) if start else None
    clue.inquiry_conclude_due_date, clue.inquiry_conclude_due_date_warning = (
        (due.date, due.warning) if due else (None, "")
    )


def _set_quarterly_feedback_due(clue):
    """检举控告工作规则 第十八条: a concluded clue from a 检举控告 is reported back to the 信访举报
    部门 with that quarter's results (rule ``accusation-quarterly-feedback``)."""
    start = clue.quarterly_feedback_start()
    due = due_for("accusation-quarterly-feedback", start) if start else None
    clue.petition_office_feedback_due_date, clue.petition_office_feedback_due_date_warning = (
        (due.date, due.warning) if due else (None, "")
    )


# -- 分办 ----------------------------------------------------------------------------------
def clue_assign(*, user, clue: Clue, handler, note: str = "", date=None) -> Clue:
    """分办: name the 承办人 (a 纪检 staff member who is not the subject). Re-assigning is
    allowed until an opinion is proposed."""
    require(can_assign_clue(actor_of(user)), "只有纪检干部可以分办问题线索")
    note = optional_text(note, field="note", label="分办意见")
    if handler is None:
        raise field_error("handler", "请选择承办人", code="required")
    handler_actor = actor_of(handler)
    if not handler_actor.has_role(Role.INSPECTOR, Role.SUPERVISOR):
        raise field_error("handler", "承办人必须是纪检干部")
    with transaction.atomic():
        clue = _lock(clue)
        _expect(clue, S.REGISTERED, S.ASSIGNED, action="分办")
        if handler_actor.person_id is not None and handler_actor.person_id == clue.subject_person_id:
            raise field_error("handler", "被反映人不能承办反映本人的线索（回避）")
        date = _step_date(clue, date)
        clue.handler = handler
        clue.status = S.ASSIGNED
        _save(clue, user, "分办")
        _sign(clue, K.ASSIGN, user, date, assignee=handler, note=note)
    return clue


# -- 拟办意见 --------------------------------------------------------------------------------
def clue_propose(*, user, clue: Clue, disposal: str, note: str, date=None) -> Clue:
    """拟办意见: exactly one of the four 处置方式, or 移送审查调查."""
    actor = actor_of(user)
    if disposal not in D.values:
        raise field_error("disposal", "处置方式无效：应为谈话函询、初步核实、暂存待查、予以了结之一，或移送审查调查")
    note = require_text(note, field="note", label="拟办理由")
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor, clue), "只有承办人或纪检负责人可以提出拟办意见")
        _expect(clue, S.ASSIGNED, S.EXECUTING, action="提出拟办意见")
        date = _step_date(clue, date)
        clue.disposal = disposal
        clue.status = S.PROPOSED
        _save(clue, user, f"拟办意见：{D(disposal).label}")
        _sign(clue, K.PROPOSE, user, date, disposal=disposal, note=note)
    return clue


# -- 集体研究 --------------------------------------------------------------------------------
def clue_discuss(*, user, clue: Clue, members, disposal: str | None = None, note: str = "", date=None) -> Clue:
    """集体研究: the meeting's date, every member present with their own opinion, and the
    disposal the meeting settled on (the proposal's unless changed).

    ``members``: [(Person, opinion text)].
    """
    require(can_record_meeting(actor_of(user)), "只有纪检干部可以登记集体研究情况")
    note = optional_text(note, field="note", label="研究结论")
    members = list(members or [])
    if len(members) < MIN_MEETING_MEMBERS:
        raise field_error("members", f"集体研究至少需要 {MIN_MEETING_MEMBERS} 名参会人员逐人发表意见")
    seen = set()
    cleaned = []
    for index, (person, opinion) in enumerate(members):
        if person is None:
            raise field_error("members", f"第 {index + 1} 名参会人员不存在")
        if person.pk in seen:
            raise field_error("members", f"参会人员“{person.name}”重复")
        seen.add(person.pk)
        opinion = (opinion or "").strip()
        if not opinion:
            raise field_error("members", f"请填写参会人员“{person.name}”的意见")
        cleaned.append((person, opinion))
    if disposal is not None and disposal not in D.values:
        raise field_error("disposal", "处置方式无效")
    with transaction.atomic():
        clue = _lock(clue)
        _expect(clue, S.PROPOSED, action="登记集体研究")
        if clue.subject_person_id in seen:
            raise field_error("members", "被反映人不得参加对本人线索的集体研究（回避）")
        date = _step_date(clue, date, label="研究日期")
        decided = disposal or clue.disposal
        changed = decided != clue.disposal
        clue.disposal = decided
        clue.status = S.DISCUSSED
        _save(clue, user, f"集体研究：{D(decided).label}" + ("（改变拟办意见）" if changed else ""))
        step = _sign(clue, K.DISCUSS, user, date, disposal=decided, note=note)
        MeetingOpinion.objects.bulk_create(
            [MeetingOpinion(step=step, person=p, person_name=p.name, opinion=o) for p, o in cleaned]
        )
    return clue


# -- 审批 ----------------------------------------------------------------------------------
def clue_approve(*, user, clue: Clue, note: str = "", date=None) -> Clue:
    """审批同意: the 纪检负责人 approves the disposal the meeting settled on."""
    require(can_approve_clue(actor_of(user)), "只有纪检负责人可以审批线索处置意见")
    note = optional_text(note, field="note", label="审批意见")
    with transaction.atomic():
        clue = _lock(clue)
        _expect(clue, S.DISCUSSED, action="审批")
        date = _step_date(clue, date, label="审批日期")
        clue.approved_on = date
        if clue.disposal_approved_on is None:
            clue.disposal_approved_on = date
        clue.status = S.APPROVED
        _save(clue, user, f"审批同意：{clue.get_disposal_display()}")
        _sign(clue, K.APPROVE, user, date, disposal=clue.disposal, note=note)
    return clue


def clue_return(*, user, clue: Clue, note: str, date=None) -> Clue:
    """审批退回: back to the 承办人 for a new proposal, with the reason."""
    require(can_approve_clue(actor_of(user)), "只有纪检负责人可以退回线索处置意见")
    note = require_text(note, field="note", label="退回理由")
    with transaction.atomic():
        clue = _lock(clue)
        _expect(clue, S.PROPOSED, S.DISCUSSED, action="退回")
        date = _step_date(clue, date)
        clue.status = S.ASSIGNED
        _save(clue, user, "审批退回")
        _sign(clue, K.RETURN, user, date, disposal=clue.disposal, note=note)
    return clue


# -- 执行 ----------------------------------------------------------------------------------
def clue_execute(*, user, clue: Clue, method: str = "", transferred_to: str = "", note: str = "", date=None) -> Clue:
    """执行 the approved disposal.

    谈话函询: ``method`` is talk or letter; a letter starts the 函询回复 period (rule inquiry-reply).
    暂存待查: the deferral starts the periodic review (rule deferred-review).
    移送审查调查: ``transferred_to`` names the receiving body.
    """
    note = optional_text(note, field="note", label="执行情况")
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以执行线索处置")
        _expect(clue, S.APPROVED, action="执行")
        date = _step_date(clue, date, label="执行日期")
        step_fields = {"disposal": clue.disposal, "note": note}
        if clue.disposal == D.TALK_INQUIRY:
            if method not in (ClueStep.Method.TALK, ClueStep.Method.LETTER):
                raise field_error("method", "谈话函询须选择方式：谈话或函询", code="required")
            step_fields["method"] = method
            if method == ClueStep.Method.LETTER:
                clue.inquiry_sent_on, clue.inquiry_replied_on = date, None
                due = due_for("inquiry-reply", date)
                clue.inquiry_due_date, clue.inquiry_due_date_warning = due.date, due.warning
            else:
                clue.talk_held_on = date
            _set_inquiry_conclude_due(clue)
        elif method:
            raise field_error("method", "只有谈话函询需要选择方式")
        if clue.disposal == D.DEFER:
            clue.deferred_on, clue.last_reviewed_on = date, None
            due = due_for("deferred-review", date)
            clue.next_review_date, clue.next_review_date_warning = due.date, due.warning
        if clue.disposal == D.TRANSFER:
            transferred_to = require_text(transferred_to, field="transferred_to", label="移送单位", max_length=200)
            clue.transferred_to, clue.transferred_on = transferred_to, date
            step_fields["note"] = f"移送{transferred_to}" + (f"；{note}" if note else "")
        elif transferred_to:
            raise field_error("transferred_to", "只有移送审查调查需要填写移送单位")
        clue.status = S.EXECUTING
        _save(clue, user, f"执行：{clue.get_disposal_display()}")
        _sign(clue, K.EXECUTE, user, date, **step_fields)
    return clue


def clue_record_inquiry_reply(*, user, clue: Clue, note: str = "", date=None) -> Clue:
    """函询回复: the person written to has replied in writing."""
    note = optional_text(note, field="note", label="回复情况")
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以登记函询回复")
        _expect(clue, S.EXECUTING, action="登记函询回复")
        if clue.disposal != D.TALK_INQUIRY or clue.inquiry_sent_on is None:
            raise InvalidTransitionError(f"线索{clue.number}没有发出函询，不能登记函询回复")
        if clue.inquiry_replied_on is not None:
            raise InvalidTransitionError(f"线索{clue.number}的函询已于{clue.inquiry_replied_on:%Y-%m-%d}回复")
        date = _step_date(clue, date, label="回复日期")
        clue.inquiry_replied_on = date
        _set_inquiry_conclude_due(clue)
        _save(clue, user, "函询回复")
        _sign(clue, K.INQUIRY_REPLY, user, date, note=note)
    return clue


def clue_review(*, user, clue: Clue, note: str, date=None) -> Clue:
    """暂存待查 复查: record the review; the next review is counted again from this one.

    To take the clue up instead, propose a new disposal (``clue_propose``).
    """
    note = require_text(note, field="note", label="复查情况")
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以复查暂存线索")
        _expect(clue, S.EXECUTING, action="复查")
        if clue.disposal != D.DEFER:
            raise InvalidTransitionError(f"线索{clue.number}不是暂存待查线索，无需定期复查")
        date = _step_date(clue, date, label="复查日期")
        clue.last_reviewed_on = date
        due = due_for("deferred-review", date)
        clue.next_review_date, clue.next_review_date_warning = due.date, due.warning
        _save(clue, user, "暂存复查")
        _sign(clue, K.REVIEW, user, date, disposal=clue.disposal, note=note)
    return clue


# -- 办结 ----------------------------------------------------------------------------------
def clue_conclude(*, user, clue: Clue, result: str, outcomes=(), date=None) -> Clue:
    """办结 with the result and the outcomes per person.

    ``outcomes``: [(Person, OutcomeKind value, note)]; a person appears once per kind
    (the 四种形态 statistics count each person once per outcome kind).
    """
    result = require_text(result, field="result", label="办理结果")
    rows = []
    seen = set()
    for index, (person, kind, note) in enumerate(outcomes or ()):
        if person is None:
            raise field_error("outcomes", f"第 {index + 1} 条处理结果的被处理人不存在")
        if kind not in OutcomeKind.values:
            raise field_error("outcomes", f"第 {index + 1} 条处理结果的种类无效")
        if (person.pk, kind) in seen:
            raise field_error(
                "outcomes", f"“{person.name}”的“{OutcomeKind(kind).label}”重复：同一人同一处理结果只计一次"
            )
        seen.add((person.pk, kind))
        rows.append((person, kind, optional_text(note, field="outcomes", label="说明", max_length=200)))
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以办结线索")
        _expect(clue, S.EXECUTING, action="办结")
        if clue.disposal == D.TALK_INQUIRY and clue.inquiry_sent_on and not clue.inquiry_replied_on:
            raise InvalidTransitionError(f"线索{clue.number}的函询尚未回复，不能办结")
        date = _step_date(clue, date, label="办结日期")
        clue.concluded_on = date
        clue.result = result
        clue.status = S.CONCLUDED
        _set_quarterly_feedback_due(clue)
        _save(clue, user, "办结")
        step = _sign(clue, K.CONCLUDE, user, date, disposal=clue.disposal, note=result)
        ClueOutcome.objects.bulk_create(
            [
                ClueOutcome(clue=clue, step=step, person=p, kind=k, form=form_of(k), decided_on=date, note=n)
                for p, k, n in rows
            ]
        )
    return clue


# -- 反馈 ----------------------------------------------------------------------------------
_FEEDBACK_SOURCE = {
    T.PETITION_OFFICE: Clue.Source.PETITION,
    T.REPORTER: Clue.Source.PETITION,
    T.INSPECTION_OFFICE: Clue.Source.INSPECTION,
    T.SUPERIOR: Clue.Source.SUPERIOR,
}


def clue_feedback(*, user, clue: Clue, target: str, method: str, note: str, date=None) -> Clue:
    """反馈 to the source: the 信访举报部门 (quarterly), a named reporter, the 巡察 office
    (办理情况 within the rule's period from receipt, allowed before conclusion too), or
    the superior body that handed the clue down.

    The reporter's identity never enters the clue: the feedback records only that it was
    given, when, how and what was said.
    """
    if target not in T.values:
        raise field_error("target", "反馈对象无效")
    if method not in ClueStep.Method.values:
        raise field_error("method", "反馈方式无效")
    note = require_text(note, field="note", label="反馈内容")
    with transaction.atomic():
        clue = _lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以登记反馈")
        needed_source = _FEEDBACK_SOURCE.get(target)
        if needed_source and clue.source != needed_source:
            raise field_error("target", f"线索来源为“{clue.get_source_display()}”，不能向“{T(target).label}”反馈")
        if target == T.REPORTER and not _petition_is_named(clue):
            raise field_error("target", "该信访件为匿名举报，无法向举报人反馈")
        if target == T.INSPECTION_OFFICE:
            _expect(clue, *S.values, action="反馈")
        else:
            _expect(clue, S.CONCLUDED, S.FED_BACK, action=f"向{T(target).label}反馈（办结后方可反馈处理结果）")
        date = _step_date(clue, date, label="反馈日期")
        if target == T.INSPECTION_OFFICE and clue.inspection_fed_back_on is None:
            clue.inspection_fed_back_on = date
        if target == T.PETITION_OFFICE and clue.petition_office_fed_back_on is None:
            clue.petition_office_fed_back_on = date
        if clue.status == S.CONCLUDED:
            clue.status = S.FED_BACK
        _save(clue, user, f"反馈{T(target).label}")
        _sign(clue, K.FEEDBACK, user, date, feedback_target=target, method=method, note=note)
    return clue


def _petition_is_named(clue) -> bool:
    """Whether the source petition was filed under a real name (实名), without reading any identity."""
    petition = clue.source_petition
    return petition is not None and bool(petition.is_named)
