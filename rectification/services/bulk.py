"""Bulk steps on several measures at once: 批量销号, 批量退回, 改派责任人.

Each measure goes through the very same per-measure service as on its own page, all inside one
transaction: if any one is refused (permission, status, a change by someone else meanwhile), the
whole batch is rolled back and ``BulkRefused`` lists every refused measure with its reason.
Measures the user may not see are refused as "not found", exactly like ids that do not exist, so a
batch never tells whether another department's measure exists.
"""

from dataclasses import dataclass

from django.db import transaction

from core.bulk import clean_ids
from core.errors import ApplicationError, PermissionDeniedError, field_error, require
from organization.models import Department, Membership, Person
from rectification import permissions
from rectification.models import Measure
from rectification.selectors import visible_measures
from rectification.services._common import require_text
from rectification.services.structure import measure_update
from rectification.services.workflow import measure_return, measure_sign_off

SIGN_OFF, RETURN = "sign_off", "return"
ACTIONS = {SIGN_OFF: "批量销号", RETURN: "批量退回"}
NOT_FOUND = "该整改措施不存在，或您无权查看"


@dataclass(frozen=True)
class Refusal:
    measure_id: int
    label: str
    reason: str

    def as_dict(self) -> dict:
        return {"id": self.measure_id, "label": self.label, "reason": self.reason}


class BulkRefused(ApplicationError):
    """Nothing was changed; ``refusals`` says why, measure by measure."""

    status = 409

    def __init__(self, action_label: str, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__(
            f"{action_label}未执行：{len(refusals)}项措施不能办理，全部措施均未改动",
            code="bulk_refused",
            detail={"items": [r.as_dict() for r in refusals]},
        )


def label(measure: Measure) -> str:
    text = measure.content.strip()
    return text if len(text) <= 30 else f"{text[:30]}…"


def _visible(user, ids) -> dict[int, Measure]:
    rows = visible_measures(user=user).filter(pk__in=ids)
    rows = rows.select_related("problem", "lead_department", "responsible_person")
    return {m.pk: m for m in rows}


def _run_each(ids, found, step) -> list[Refusal]:
    """Run ``step`` on each measure in id order, each in a savepoint so every refusal is collected."""
    refusals = []
    for pk in ids:
        measure = found.get(pk)
        if measure is None:
            refusals.append(Refusal(pk, f"编号{pk}", NOT_FOUND))
            continue
        try:
            with transaction.atomic():
                step(measure)
        except ApplicationError as exc:
            refusals.append(Refusal(pk, label(measure), exc.message))
    return refusals


@transaction.atomic
def measures_bulk(*, user, action, measure_ids, reason="", note="") -> list[int]:
    """批量销号 (``sign_off``, with an optional ``note``) or 批量退回 (``return``, ``reason`` required).

    Preconditions as for one measure (``measure_sign_off`` / ``measure_return``). All or nothing:
    returns the ids done, or raises ``BulkRefused`` with every refusal and changes nothing.
    """
    if action not in ACTIONS:
        raise field_error("action", "请选择批量操作：批量销号或批量退回")
    ids = clean_ids(measure_ids)
    if action == RETURN:
        reason = require_text(reason, "reason", "退回理由")
    if not permissions.may_review_at_all(user):
        raise PermissionDeniedError("只有纪检负责人（或经设置授权的纪检干部）可以批量销号或退回")
    note = (note or "").strip()

    def step(measure):
        if action == SIGN_OFF:
            measure_sign_off(user=user, measure=measure, note=note)
        else:
            measure_return(user=user, measure=measure, reason=reason)

    refusals = _run_each(ids, _visible(user, ids), step)
    if refusals:
        raise BulkRefused(ACTIONS[action], refusals)
    return ids


@transaction.atomic
def measures_reassign(*, user, measure_ids, person_id) -> list[int]:
    """改派责任人: measures of one lead department get a new 责任人 from that department's people.

    Each goes through ``measure_update`` (lock, archive check, history attributed to ``user``).
    """
    require(permissions.can_manage(user), "只有纪检干部可以改派责任人")
    ids = clean_ids(measure_ids)
    person = _person(person_id)
    found = _visible(user, ids)
    departments = {m.lead_department_id for m in found.values()}
    if len(departments) > 1 or None in departments:
        raise field_error("ids", "改派责任人时，所选措施须属于同一牵头部门")
    department_id = departments.pop() if departments else None
    if department_id is not None and not Membership.objects.filter(person=person, department_id=department_id).exists():
        name = Department.objects.get(pk=department_id).name
        raise field_error("person", f"{person.name}不是{name}的人员，不能担任该部门措施的责任人")

    def step(measure):
        before = measure.responsible_person.name if measure.responsible_person_id else "（空）"
        measure_update(
            user=user, measure=measure, responsible_person=person, reason=f"改派责任人：{before} → {person.name}"
        )

    refusals = _run_each(ids, found, step)
    if refusals:
        raise BulkRefused("改派责任人", refusals)
    return ids


def _person(person_id) -> Person:
    try:
        pk = int(str(person_id).strip())
    except (TypeError, ValueError):
        raise field_error("person", "请选择新的责任人", code="required") from None
    person = Person.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise field_error("person", "所选责任人不存在或已离职")
    return person
