"""更正: a 纪检 officer corrects a registered petition's facts, with a reason that stays in its history.

Unlike ``petition_update`` (the API's PATCH of content while the petition is open), a 更正 may
also put right the facts of receipt after 受理 — the time it was received and its channel —
because the due dates counted from receipt follow them. Its kind can be corrected until the
way of handling is chosen (转办 / 直接办理 / 转为问题线索): after that the kind has decided the
path taken. A closed petition (办结、不予受理、报送上级) is not corrected: its record stands.
"""

from django.db import transaction

from core.concurrency import check_version
from core.errors import ApplicationError, require
from petitions import permissions
from petitions.deadlines import set_due, set_dues
from petitions.models import Petition, PetitionEvent, Status
from petitions.services.common import (
    checked_reason,
    lock_visible,
    raise_if,
    remember_subject,
    require_status,
    save_changed_facts,
)
from petitions.services.registration import (
    CONTENT_FIELDS,
    CONTENT_STATES,
    _check_received_at,
    _check_remit,
    _check_repeat,
    require_unrestricted,
)

RECEIPT_FIELDS = ("received_at", "channel")
KIND_FIELDS = ("kind",)
FLAG_FIELDS = ("is_named", "is_repeat", "repeat_of", "outside_remit")
CORRECTABLE = CONTENT_FIELDS + RECEIPT_FIELDS + KIND_FIELDS + FLAG_FIELDS
# The due dates counted from receipt, or decided by the kind and the flags.
RECEIPT_DUES = ("accept_due", "notify_due", "escalate_due", "objection_due")
KIND_STATES = (Status.REGISTERED, Status.ACCEPTED)


def _check_fields(petition, changes, errors):
    for field in changes:
        if field not in CORRECTABLE:
            errors[field] = "该项不能更正"
        elif field in KIND_FIELDS and petition.status not in KIND_STATES:
            errors[field] = "已转办或开始办理的信访件不能再更正类别"
        elif field in FLAG_FIELDS and petition.status != Status.REGISTERED:
            errors[field] = "受理后不能再更正实名、重复件和职权范围标记"


def _check_values(user, petition, changes, errors):
    merged = {f: getattr(petition, f) for f in CORRECTABLE} | changes | {"pk": petition.pk}
    if "received_at" in changes:
        _check_received_at(changes["received_at"], errors)
        if "received_at" not in errors and petition.accepted_at and changes["received_at"] > petition.accepted_at:
            errors["received_at"] = "收到时间不能晚于受理时间"
    if "repeat_of" in changes or "received_at" in changes:
        _check_repeat(user, merged, errors)
    if "category" in changes and (changes["category"] is None or not changes["category"].is_active):
        errors["category"] = "请选择启用中的问题类别"
    if "summary" in changes and not (changes["summary"] or "").strip():
        errors["summary"] = "请填写内容摘要"
    if {"outside_remit", "kind", "channel"} & set(changes):
        _check_remit(merged, errors)
    if merged.get("is_named") and petition.informant_id is None:
        errors["is_named"] = "没有登记信访人信息的信访件不能标记为实名"


def _changed(petition, changes):
    def value(field):
        v = changes[field]
        return v.strip() if field == "summary" and isinstance(v, str) else v

    return [f for f in CORRECTABLE if f in changes and getattr(petition, f) != value(f)]


def _apply(petition, changes, changed):
    if "subject_person" in changed:
        remember_subject(petition)  # the person first named stays recused
    if changes.get("repeat_of") is not None:
        changes["is_repeat"] = True
    if changes.get("is_repeat") is False:
        changes["repeat_of"] = None
    for field in changed + [f for f in ("is_repeat", "repeat_of") if f in changes]:
        value = changes[field]
        setattr(petition, field, value.strip() if field == "summary" else value)
    if set(changed) & set(RECEIPT_FIELDS + KIND_FIELDS + FLAG_FIELDS):
        set_dues(petition, RECEIPT_DUES)
    if "kind" in changed:
        set_dues(petition, ("feedback_due",))
        if not petition.conclude_due_manual:  # an approved extension is kept (DOMAIN §3)
            set_due(petition, "conclude_due")


@transaction.atomic
def petition_correct(*, user, petition, reason, version=None, **changes) -> Petition:
    """更正 the facts of a petition that is still open, with ``reason`` (required, kept in its history).

    ``changes``: any of summary, content, category, subject_person, subject_department,
    received_at, channel (while open); kind (until 转办 or 办理); is_named, is_repeat,
    repeat_of, outside_remit (while 已登记). Fields whose value does not change are ignored;
    a 更正 that changes nothing is refused. ``version`` is the one the correction is based
    on: a stale one is refused (409) naming who changed the petition meanwhile. Due dates
    counted from receipt are recomputed; an approved 延期 is kept.
    """
    require(permissions.can_process(user), "只有纪检干部可以更正信访件")
    petition = lock_visible(user, petition)
    check_version(petition, version)
    require_unrestricted(petition, "更正")
    require_status(petition, CONTENT_STATES, "更正")
    errors: dict[str, str] = {}
    reason = checked_reason(reason, errors, label="更正理由")
    _check_fields(petition, changes, errors)
    raise_if(errors)
    _check_values(user, petition, changes, errors)
    raise_if(errors)
    changed = _changed(petition, changes)
    if not changed:
        raise ApplicationError("没有更正任何内容：请修改需要更正的项目", code="unchanged")
    _apply(petition, changes, changed)
    return save_changed_facts(petition, user, changed, reason, verb="更正", action=PetitionEvent.Action.CORRECT)
