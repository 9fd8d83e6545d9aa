"""登记 and 分办: a clue is numbered on receipt and handed to its 承办人."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import field_error, require
from core.scoping import visible_to
from deadlines.services import due_for
from discipline import numbering
from discipline.models import Clue, ClueStep, YearCounter
from discipline.permissions import can_assign_clue, can_register_clue
from discipline.services.clues.steps import expect, lock, save, sign, step_date
from discipline.services.common import actor_of, check_date, optional_text, require_text
from organization.models import Department, Membership
from organization.roles import Role

S = Clue.Status
K = ClueStep.Kind


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

    The number is drawn in this transaction; if anything below fails, it is given back. A
    ``source_petition`` that already has a clue (converted, or registered by hand) is refused
    on that field, under the lock 转为问题线索 takes (``_lock_unlinked_petition``).
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
        if source_petition is not None:
            source_petition = _lock_unlinked_petition(user, source_petition)
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
        save(clue, user, "登记")
        sign(clue, K.REGISTER, user, date, note=f"登记编号 {clue.number}")
    return clue


def _lock_unlinked_petition(user, petition):
    """``petition`` locked as 转为问题线索 locks it; refused when a clue was already made from it.

    One petition, one clue, whichever way it is registered: the conversion finds the clue a
    hand registration made (and returns it), and a hand registration is refused here. The
    existing clue is named only to a user who may see it (回避).
    """
    from petitions import services as petition_services

    locked, existing = petition_services.petition_lock_for_clue(user=user, petition=petition)
    if existing is not None:
        named = visible_to(Clue, user=user).filter(pk=existing.pk).exists()
        number = f" {existing.number}" if named else ""
        raise field_error("source_petition", f"该信访件已转为问题线索{number}，不能重复登记")
    return locked


# -- 转为问题线索 -------------------------------------------------------------------------
def clue_from_petition(*, user, petition, subject_person=None, at=None) -> tuple[Clue, bool]:
    """转为问题线索: register the clue a 检举控告 calls for, linked to it (``source_petition``).

    The clue takes the petition's summary, category, content, subject and day of receipt; the
    被反映人 may be named here when the petition did not name one. Idempotent (see
    ``petitions.services.petition_to_clue``): a second request returns the clue the first
    made. ``at`` is when it was turned into a clue (补录: an earlier time; default now): the
    petition's step is logged then and the clue registered on that day. Returns (clue, created).
    """
    from petitions import services as petition_services

    def create(locked):
        person = subject_person or locked.subject_person
        if person is None:
            raise field_error("subject_person", "请选择被反映人（问题线索须有被反映人）", code="required")
        category = locked.category.name if locked.category_id else ""
        content = "\n".join(x for x in (f"问题类别：{category}" if category else "", locked.content) if x)
        return clue_register(
            user=user,
            received_date=locked.received_on,
            source=Clue.Source.PETITION,
            source_petition=locked,
            date=timezone.localdate(at) if at is not None else None,
            subject_person=person,
            subject_department=locked.subject_department if person == locked.subject_person else None,
            summary=(locked.summary or "")[:500],
            content=content,
        )

    require(can_register_clue(actor_of(user)), "只有纪检干部可以登记问题线索")
    with transaction.atomic():
        _, clue, created = petition_services.petition_to_clue(user=user, petition=petition, create_clue=create, at=at)
    return clue, created


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
        clue = lock(clue)
        expect(clue, S.REGISTERED, S.ASSIGNED, action="分办")
        if handler_actor.person_id is not None and handler_actor.person_id == clue.subject_person_id:
            raise field_error("handler", "被反映人不能承办反映本人的线索（回避）")
        date = step_date(clue, date)
        clue.handler = handler
        clue.status = S.ASSIGNED
        save(clue, user, "分办")
        sign(clue, K.ASSIGN, user, date, assignee=handler, note=note)
    return clue
