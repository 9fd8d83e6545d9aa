"""拟办意见 → 集体研究 → 审批 (或退回): how a clue's disposal is decided."""

from django.db import transaction

from core.errors import field_error, require
from discipline.models import Clue, ClueStep, MeetingOpinion
from discipline.permissions import can_approve_clue, can_handle_clue, can_record_meeting
from discipline.services.clues.steps import expect, lock, save, sign, step_date
from discipline.services.common import actor_of, optional_text, require_text

S = Clue.Status
D = Clue.Disposal
K = ClueStep.Kind

MIN_MEETING_MEMBERS = 2


# -- 拟办意见 --------------------------------------------------------------------------------
def clue_propose(*, user, clue: Clue, disposal: str, note: str, date=None) -> Clue:
    """拟办意见: exactly one of the four 处置方式, or 移送审查调查."""
    actor = actor_of(user)
    if disposal not in D.values:
        raise field_error("disposal", "处置方式无效：应为谈话函询、初步核实、暂存待查、予以了结之一，或移送审查调查")
    note = require_text(note, field="note", label="拟办理由")
    with transaction.atomic():
        clue = lock(clue)
        require(can_handle_clue(actor, clue), "只有承办人或纪检负责人可以提出拟办意见")
        expect(clue, S.ASSIGNED, S.EXECUTING, action="提出拟办意见")
        date = step_date(clue, date)
        clue.disposal = disposal
        clue.status = S.PROPOSED
        save(clue, user, f"拟办意见：{D(disposal).label}")
        sign(clue, K.PROPOSE, user, date, disposal=disposal, note=note)
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
        clue = lock(clue)
        expect(clue, S.PROPOSED, action="登记集体研究")
        if clue.subject_person_id in seen:
            raise field_error("members", "被反映人不得参加对本人线索的集体研究（回避）")
        date = step_date(clue, date, label="研究日期")
        decided = disposal or clue.disposal
        changed = decided != clue.disposal
        clue.disposal = decided
        clue.status = S.DISCUSSED
        save(clue, user, f"集体研究：{D(decided).label}" + ("（改变拟办意见）" if changed else ""))
        step = sign(clue, K.DISCUSS, user, date, disposal=decided, note=note)
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
        clue = lock(clue)
        expect(clue, S.DISCUSSED, action="审批")
        date = step_date(clue, date, label="审批日期")
        clue.approved_on = date
        if clue.disposal_approved_on is None:
            clue.disposal_approved_on = date
        clue.status = S.APPROVED
        save(clue, user, f"审批同意：{clue.get_disposal_display()}")
        sign(clue, K.APPROVE, user, date, disposal=clue.disposal, note=note)
    return clue


def clue_return(*, user, clue: Clue, note: str, date=None) -> Clue:
    """审批退回: back to the 承办人 for a new proposal, with the reason."""
    require(can_approve_clue(actor_of(user)), "只有纪检负责人可以退回线索处置意见")
    note = require_text(note, field="note", label="退回理由")
    with transaction.atomic():
        clue = lock(clue)
        expect(clue, S.PROPOSED, S.DISCUSSED, action="退回")
        date = step_date(clue, date)
        clue.status = S.ASSIGNED
        save(clue, user, "审批退回")
        sign(clue, K.RETURN, user, date, disposal=clue.disposal, note=note)
    return clue
