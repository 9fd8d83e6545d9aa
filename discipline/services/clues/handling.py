"""执行 the approved disposal (with 函询回复 and 暂存复查), 办结 with the outcomes, and 反馈 to
the source."""

from django.db import transaction

from core.errors import InvalidTransitionError, field_error, require
from core.outcomes import OutcomeKind, form_of
from deadlines.services import due_for
from discipline.models import Clue, ClueOutcome, ClueStep
from discipline.permissions import can_handle_clue
from discipline.services.clues.steps import expect, lock, save, sign, step_date
from discipline.services.common import actor_of, optional_text, require_text

S = Clue.Status
D = Clue.Disposal
K = ClueStep.Kind
T = ClueStep.FeedbackTarget


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


# -- 执行 ----------------------------------------------------------------------------------
def clue_execute(*, user, clue: Clue, method: str = "", transferred_to: str = "", note: str = "", date=None) -> Clue:
    """执行 the approved disposal.

    谈话函询: ``method`` is talk or letter; a letter starts the 函询回复 period (rule inquiry-reply).
    暂存待查: the deferral starts the periodic review (rule deferred-review).
    移送审查调查: ``transferred_to`` names the receiving body.
    """
    note = optional_text(note, field="note", label="执行情况")
    with transaction.atomic():
        clue = lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以执行线索处置")
        expect(clue, S.APPROVED, action="执行")
        date = step_date(clue, date, label="执行日期")
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
        save(clue, user, f"执行：{clue.get_disposal_display()}")
        sign(clue, K.EXECUTE, user, date, **step_fields)
    return clue


def clue_record_inquiry_reply(*, user, clue: Clue, note: str = "", date=None) -> Clue:
    """函询回复: the person written to has replied in writing."""
    note = optional_text(note, field="note", label="回复情况")
    with transaction.atomic():
        clue = lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以登记函询回复")
        expect(clue, S.EXECUTING, action="登记函询回复")
        if clue.disposal != D.TALK_INQUIRY or clue.inquiry_sent_on is None:
            raise InvalidTransitionError(f"线索{clue.number}没有发出函询，不能登记函询回复")
        if clue.inquiry_replied_on is not None:
            raise InvalidTransitionError(f"线索{clue.number}的函询已于{clue.inquiry_replied_on:%Y-%m-%d}回复")
        date = step_date(clue, date, label="回复日期")
        clue.inquiry_replied_on = date
        _set_inquiry_conclude_due(clue)
        save(clue, user, "函询回复")
        sign(clue, K.INQUIRY_REPLY, user, date, note=note)
    return clue


def clue_review(*, user, clue: Clue, note: str, date=None) -> Clue:
    """暂存待查 复查: record the review; the next review is counted again from this one.

    To take the clue up instead, propose a new disposal (``clue_propose``).
    """
    note = require_text(note, field="note", label="复查情况")
    with transaction.atomic():
        clue = lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以复查暂存线索")
        expect(clue, S.EXECUTING, action="复查")
        if clue.disposal != D.DEFER:
            raise InvalidTransitionError(f"线索{clue.number}不是暂存待查线索，无需定期复查")
        date = step_date(clue, date, label="复查日期")
        clue.last_reviewed_on = date
        due = due_for("deferred-review", date)
        clue.next_review_date, clue.next_review_date_warning = due.date, due.warning
        save(clue, user, "暂存复查")
        sign(clue, K.REVIEW, user, date, disposal=clue.disposal, note=note)
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
        clue = lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以办结线索")
        expect(clue, S.EXECUTING, action="办结")
        if clue.disposal == D.TALK_INQUIRY and clue.inquiry_sent_on and not clue.inquiry_replied_on:
            raise InvalidTransitionError(f"线索{clue.number}的函询尚未回复，不能办结")
        date = step_date(clue, date, label="办结日期")
        clue.concluded_on = date
        clue.result = result
        clue.status = S.CONCLUDED
        _set_quarterly_feedback_due(clue)
        save(clue, user, "办结")
        step = sign(clue, K.CONCLUDE, user, date, disposal=clue.disposal, note=result)
        ClueOutcome.objects.bulk_create(
            [
                ClueOutcome(clue=clue, step=step, person=p, kind=k, form=form_of(k), decided_on=date, note=n)
                for p, k, n in rows
            ]
        )
    return clue


# -- 反馈 ----------------------------------------------------------------------------------
_FEEDBACK_SOURCE: dict[str, str] = {
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
        clue = lock(clue)
        require(can_handle_clue(actor_of(user), clue), "只有承办人或纪检负责人可以登记反馈")
        needed_source = _FEEDBACK_SOURCE.get(target)
        if needed_source and clue.source != needed_source:
            raise field_error("target", f"线索来源为“{clue.get_source_display()}”，不能向“{T(target).label}”反馈")
        if target == T.REPORTER and not _petition_is_named(clue):
            raise field_error("target", "该信访件为匿名举报，无法向举报人反馈")
        if target == T.INSPECTION_OFFICE:
            expect(clue, *S.values, action="反馈")
        else:
            expect(clue, S.CONCLUDED, S.FED_BACK, action=f"向{T(target).label}反馈（办结后方可反馈处理结果）")
        date = step_date(clue, date, label="反馈日期")
        if target == T.INSPECTION_OFFICE and clue.inspection_fed_back_on is None:
            clue.inspection_fed_back_on = date
        if target == T.PETITION_OFFICE and clue.petition_office_fed_back_on is None:
            clue.petition_office_fed_back_on = date
        if clue.status == S.CONCLUDED:
            clue.status = S.FED_BACK
        save(clue, user, f"反馈{T(target).label}")
        sign(clue, K.FEEDBACK, user, date, feedback_target=target, method=method, note=note)
    return clue


def _petition_is_named(clue) -> bool:
    """Whether the source petition was filed under a real name (实名), without reading any identity."""
    petition = clue.source_petition
    return petition is not None and bool(petition.is_named)
