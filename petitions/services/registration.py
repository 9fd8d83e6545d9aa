"""登记 and later corrections of a petition, and its attachments."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.backfill import CLOCK_SKEW, is_backfilled
from core.concurrency import check_version
from core.errors import require
from core.files import validate_upload
from core.scoping import visible_to
from petitions import permissions, repeats
from petitions.deadlines import set_dues
from petitions.file_crypto import encrypt_to_file
from petitions.hotline.fields import ticket_family
from petitions.identity import Identity, identity_create
from petitions.models import Kind, Petition, PetitionAttachment, PetitionEvent, Status
from petitions.numbering import Series, allocate, petition_number
from petitions.services.common import (
    checked_reason,
    lock_visible,
    raise_if,
    record,
    remember_subject,
    require_status,
    require_unrestricted,
    save,
    save_changed_facts,
)

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# Fields a correction may touch, and while which states.
CONTENT_FIELDS = ("summary", "content", "category", "subject_person", "subject_department")
INTAKE_FIELDS = ("received_at", "channel", "kind", "is_named", "is_repeat", "repeat_of", "outside_remit")
# The 12345 work order's own record (petitions.hotline); optional at registration.
TICKET_FIELDS = (
    "ticket_no",
    "ticket_family",
    "ticket_source",
    "ticket_unit",
    "ticket_status",
    "ticket_due",
    "callback_result",
    "satisfaction",
)
CONTENT_STATES = (Status.REGISTERED, Status.ACCEPTED, Status.HANDLING, Status.TRANSFERRED, Status.REPLIED)


def _check_received_at(received_at, errors):
    if received_at is None:
        errors["received_at"] = "请填写收到时间"
    elif received_at > timezone.now() + CLOCK_SKEW:
        errors["received_at"] = "收到时间不能晚于当前时间"
    elif received_at < EARLIEST:
        errors["received_at"] = "收到时间不能早于 2000 年"


def _check_repeat(user, data, errors):
    repeat_of = data.get("repeat_of")
    if repeat_of is None:
        return
    data["is_repeat"] = True
    if not visible_to(Petition, user=user).filter(pk=repeat_of.pk).exists():
        errors["repeat_of"] = "重复的原件不存在"
    elif repeat_of.pk == data.get("pk"):
        errors["repeat_of"] = "不能把信访件标记为重复自身"
    elif data.get("received_at") and repeat_of.received_at > data["received_at"]:
        errors["repeat_of"] = "重复的原件应早于本件收到"


def _check_remit(data, errors):
    """不属本单位职权范围 applies to 转送、交办 信访事项 only (信访工作条例 第二十三条)."""
    from petitions.deadlines import REFERRED_CHANNELS

    if not data.get("outside_remit"):
        return
    if data.get("kind") == Kind.ACCUSATION:
        errors["outside_remit"] = "检举控告不属本机关受理的，按检举控告工作规则报送上级或转送，不适用提出异议"
    elif data.get("channel") not in REFERRED_CHANNELS:
        errors["outside_remit"] = "只有上级转办或12345热线转送、交办的信访事项可以标记为不属本单位职权范围"


def _check_content(data, informant, errors):
    if data.get("restricted_reason"):
        # 检举控告工作规则 第十五条: 不得复制、摘抄检举控告内容，不得将有关信息录入.
        if data.get("kind") != Kind.ACCUSATION:
            errors["restricted_reason"] = "只有检举控告可以登记为上级管辖件"
        for field in ("summary", "content"):
            if data.get(field):
                errors[field] = "上级管辖件不得录入或摘抄内容，只记录收到和报送的事实与时间"
        for field in ("category", "subject_person", "subject_department", "repeat_of"):
            if data.get(field) is not None:
                errors[field] = "上级管辖件不录入此项"
        if informant is not None or data.get("is_named"):
            errors["informant"] = "上级管辖件不录入举报人信息"
        return
    if data.get("category") is None:
        errors["category"] = "请选择问题类别"
    elif not data["category"].is_active:
        errors["category"] = "该问题类别已停用"
    if not (data.get("summary") or "").strip():
        errors["summary"] = "请填写内容摘要"
    if data.get("is_named") and (informant is None or not informant.name or not informant.phone):
        errors["informant"] = "实名举报需要填写举报人姓名和联系电话"


def _check_ticket(data, errors, *, known_new):
    ticket_no = (data.get("ticket_no") or "").strip()
    if not ticket_no:
        data.pop("ticket_no", None)
        return
    data["ticket_no"] = ticket_no
    data.setdefault("ticket_family", ticket_family(ticket_no))
    if len(ticket_no) > 64:
        errors["ticket_no"] = "工单编号不能超过64个字符"
    elif not known_new and Petition.objects.filter(ticket_no=ticket_no).exists():
        errors["ticket_no"] = "该工单编号已登记，不能重复登记"


@transaction.atomic
def _create(user, data, informant, at):
    received_year = timezone.localtime(data["received_at"]).year
    # The number is allocated first in the transaction: see petitions.numbering.
    seq = allocate(Series.PETITION, received_year)
    petition = Petition(
        year=received_year,
        seq=seq,
        number=petition_number(received_year, seq),
        received_at=data["received_at"],
        channel=data["channel"],
        kind=data["kind"],
        is_named=bool(data.get("is_named")),
        is_repeat=bool(data.get("is_repeat")),
        repeat_of=data.get("repeat_of"),
        outside_remit=bool(data.get("outside_remit")),
        is_restricted=bool(data.get("restricted_reason")),
        restricted_reason=data.get("restricted_reason") or "",
        subject_person=data.get("subject_person"),
        subject_department=data.get("subject_department"),
        category=data.get("category"),
        summary=(data.get("summary") or "").strip(),
        content=data.get("content") or "",
        registered_by=user,
        registered_at=at,
        **{f: data[f] for f in TICKET_FIELDS if data.get(f) is not None},
    )
    if informant is not None and not informant.is_empty:
        petition.informant = identity_create(informant, user=user, year=received_year)
    set_dues(petition)
    save(petition, "登记")
    # A petition received on an earlier day is logged as registered then (补录, entered now), so the
    # timeline reads in the order things happened: 登记 before its back-dated 受理.
    logged_at = petition.received_at if is_backfilled(petition.received_at, at) else at
    record(petition, PetitionEvent.Action.REGISTER, user, at=logged_at)
    return petition


def petition_register(
    *, user, informant: Identity | None = None, at=None, ticket_known_new=False, suggest_repeats=True, **data
) -> Petition:
    """登记: number the petition (信〔年〕N号, gap-free), store the reporter encrypted, compute due dates.

    ``data``: received_at, channel, kind, is_named, is_repeat, repeat_of, outside_remit, restricted_reason,
    subject_person, subject_department, category, summary, content, and the 12345 work order's
    ``TICKET_FIELDS`` (a ``ticket_no`` already in the system is refused; the 12345 import, which looked its tickets up
    under its lock, passes ``ticket_known_new``, and ``suggest_repeats=False``: it suggests repeats for the
    whole file in one batch after commit). A restricted petition
    (上级管辖件, ``restricted_reason`` set) keeps no content, reporter or category.
    """
    require(permissions.can_register(user), "只有纪检干部可以登记信访件")
    errors: dict[str, str] = {}
    _check_received_at(data.get("received_at"), errors)
    _check_repeat(user, data, errors)
    _check_content(data, informant, errors)
    _check_remit(data, errors)
    _check_ticket(data, errors, known_new=ticket_known_new)
    raise_if(errors)
    petition = _create(user, data, informant, at or timezone.now())
    # 疑似重复件 once the petition is committed; a failure there must not undo the registration.
    if suggest_repeats:
        transaction.on_commit(lambda: repeats.suggest(petition.pk), robust=True)
    return petition


@transaction.atomic
def petition_update(*, user, petition, reason, version=None, **changes) -> Petition:
    """Correct a petition's registration (修改登记信息, the API's PATCH). Intake facts only while
    已登记; content while it is open.

    ``reason`` is required and kept in the history and the timeline as a 更正's is
    (``save_changed_facts``). ``version`` is the one the edit is based on: a stale one is
    refused (409) naming who changed it."""
    require(permissions.can_process(user), "只有纪检干部可以修改信访件")
    petition = lock_visible(user, petition)
    check_version(petition, version)
    require_unrestricted(petition, "修改")
    require_status(petition, CONTENT_STATES, "修改")
    errors: dict[str, str] = {}
    reason = checked_reason(reason, errors, label="修改理由")
    for field in changes:
        if field in INTAKE_FIELDS and petition.status != Status.REGISTERED:
            errors[field] = "受理后不能再修改收到时间、渠道、类别、实名和重复标记"
        elif field not in INTAKE_FIELDS + CONTENT_FIELDS:
            errors[field] = "该项不能修改"
    raise_if(errors)
    merged = {f: getattr(petition, f) for f in INTAKE_FIELDS + CONTENT_FIELDS} | changes | {"pk": petition.pk}
    if "received_at" in changes:
        _check_received_at(changes["received_at"], errors)
    if "repeat_of" in changes or "received_at" in changes:
        _check_repeat(user, merged, errors)
    if "category" in changes and (changes["category"] is None or not changes["category"].is_active):
        errors["category"] = "请选择启用中的问题类别"
    if "summary" in changes and not (changes["summary"] or "").strip():
        errors["summary"] = "请填写内容摘要"
    if "outside_remit" in changes or "kind" in changes or "channel" in changes:
        _check_remit(merged, errors)
    if merged.get("is_named") and petition.informant_id is None:
        errors["is_named"] = "没有登记举报人信息的信访件不能标记为实名"
    raise_if(errors)
    changed = [f for f in INTAKE_FIELDS + CONTENT_FIELDS if f in changes and getattr(petition, f) != changes[f]]
    if "repeat_of" in changes and changes["repeat_of"] is not None:
        changes["is_repeat"] = True
    if changes.get("is_repeat") is False:
        changes["repeat_of"] = None
    if "subject_person" in changed:
        remember_subject(petition)  # the person first named stays recused
    for field in INTAKE_FIELDS + CONTENT_FIELDS:
        if field in changes:
            setattr(petition, field, changes[field].strip() if field == "summary" else changes[field])
    if set(changed) & set(INTAKE_FIELDS):
        set_dues(petition, ("accept_due", "notify_due", "escalate_due", "objection_due"))
    if changed:
        save_changed_facts(petition, user, changed, reason, verb="修改", action=PetitionEvent.Action.UPDATE)
    return petition


@transaction.atomic
def attachment_add(*, user, petition, upload, purpose=PetitionAttachment.Purpose.ORIGINAL) -> PetitionAttachment:
    """Attach a file: original material by 纪检 staff; reply material by the department it was transferred to."""
    validate_upload(upload)
    petition = lock_visible(user, petition)
    require_unrestricted(petition, "上传附件")
    if purpose == PetitionAttachment.Purpose.REPLY:
        require(permissions.can_reply(user, petition), "只有承办部门可以上传办理材料")
        require_status(petition, (Status.TRANSFERRED,), "上传办理材料")
    else:
        require(permissions.can_process(user), "只有纪检干部可以上传原件材料")
    attachment = PetitionAttachment(
        petition=petition,
        purpose=purpose,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=user,
    )
    # Stored encrypted: original letters and replies often name the reporter (petitions.file_crypto).
    attachment.file.save(upload.name, encrypt_to_file(upload), save=False)
    attachment.save()
    record(petition, PetitionEvent.Action.ATTACH, user, note=PetitionAttachment.Purpose(purpose).label)
    return attachment
