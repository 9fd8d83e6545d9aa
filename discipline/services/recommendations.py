"""Writes for 纪律检查建议书: draft, issue (numbered), reply, close.

Each service runs in one transaction, locks the letter, checks the actor's right and
the state, and records who did it (history with the acting user).
"""

import datetime as dt
from typing import Any

from django.db import transaction

from core.concurrency import check_version, save_versioned
from core.errors import InvalidTransitionError, field_error, require
from core.files import validate_upload
from core.history import attribute
from core.workflow import step_done
from deadlines.services import due_for
from discipline import numbering
from discipline.models import Recommendation, RecommendationReplyFile, YearCounter
from discipline.permissions import can_manage_recommendations, can_reply_recommendation
from discipline.services.common import actor_of, check_date, optional_text, require_text

S = Recommendation.Status

CONTENT_FIELDS = {
    # field: (label, required, max_length)
    "title": ("标题", True, 200),
    "copy_to": ("抄送", False, 200),
    "source_detail": ("来源说明", False, 200),
    "problems": ("存在的问题", True, None),
    "causes": ("原因分析", False, None),
    "recommendations": ("建议措施", True, None),
}


def _lock(rec):
    return Recommendation.objects.select_for_update().get(pk=rec.pk)


def _save(rec, user, reason, fields=None):
    """Save a letter the caller has locked; a change to a saved one bumps its version."""
    attribute(rec, user, reason)
    if rec.pk is None:
        rec.save()
    else:
        save_versioned(rec, fields)


def _clean_content(data, *, partial):
    cleaned: dict[str, Any] = {}
    for field, (label, required, max_length) in CONTENT_FIELDS.items():
        if field not in data:
            if required and not partial:
                raise field_error(field, f"请填写{label}", code="required")
            continue
        check = require_text if required else optional_text
        cleaned[field] = check(data[field], field=field, label=label, max_length=max_length)
    for field, choices, label in (
        ("kind", Recommendation.Kind, "建议类型"),
        ("source", Recommendation.Source, "问题来源"),
    ):
        if field in data:
            if data[field] not in choices.values:
                raise field_error(field, f"{label}无效")
            cleaned[field] = data[field]
        elif field == "source" and not partial:
            raise field_error(field, f"请选择{label}", code="required")
    if "target_department" in data:
        if data["target_department"] is None:
            raise field_error("target_department", "请选择主送部门", code="required")
        cleaned["target_department"] = data["target_department"]
    elif not partial:
        raise field_error("target_department", "请选择主送部门", code="required")
    if "reply_due_date" in data:
        cleaned["reply_due_date"] = data["reply_due_date"]
        cleaned["reply_due_date_manual"] = data["reply_due_date"] is not None
        cleaned["reply_due_date_warning"] = ""
    return cleaned


def recommendation_create(*, user, data: dict) -> Recommendation:
    """Start a draft (no number yet). ``reply_due_date`` given here is this letter's own deadline."""
    require(can_manage_recommendations(actor_of(user)), "只有纪检干部可以起草纪律检查建议书")
    cleaned = _clean_content(data, partial=False)
    with transaction.atomic():
        rec = Recommendation(created_by=user, **cleaned)
        attribute(rec, user, "起草")
        rec.save()
    return rec


def recommendation_update(*, user, rec: Recommendation, data: dict, version=None) -> Recommendation:
    """Edit a draft; an issued letter's text is fixed. A stale ``version`` is refused (409)."""
    require(can_manage_recommendations(actor_of(user)), "只有纪检干部可以修改纪律检查建议书")
    cleaned = _clean_content(data, partial=True)
    with transaction.atomic():
        rec = _lock(rec)
        check_version(rec, version)
        if rec.status != S.DRAFT:
            raise InvalidTransitionError(f"建议书{rec.get_status_display()}，正文不能再修改")
        for field, value in cleaned.items():
            setattr(rec, field, value)
        if cleaned:
            _save(rec, user, "修改草稿", fields=list(cleaned))
    return rec


def recommendation_issue(*, user, rec: Recommendation, issued_on: dt.date | None = None) -> Recommendation:
    """制发: assign the year's next number, set the issue date and the reply deadline.

    The number comes from the year's counter locked in this transaction: two letters
    issued at the same moment get consecutive numbers, and a failure gives it back.
    """
    require(can_manage_recommendations(actor_of(user)), "只有纪检干部可以制发纪律检查建议书")
    issued_on = check_date(issued_on, field="issued_on", label="制发日期")
    with transaction.atomic():
        # The number first (the transaction's first statement takes the counter's lock);
        # any refusal below rolls the counter back with everything else.
        seq = numbering.allocate(YearCounter.Series.RECOMMENDATION, issued_on.year)
        rec = _lock(rec)
        if rec.status != S.DRAFT:
            raise InvalidTransitionError(f"建议书{rec.get_status_display()}（{rec.number}），不能重复制发")
        if rec.archived_at is not None:
            raise InvalidTransitionError("已归档的建议书不能制发")
        if rec.reply_due_date_manual:
            if rec.reply_due_date is None or rec.reply_due_date <= issued_on:
                raise field_error("reply_due_date", "回复期限必须晚于制发日期")
        else:
            due = due_for("recommendation-reply", issued_on)
            rec.reply_due_date, rec.reply_due_date_warning = due.date, due.warning
        rec.year, rec.seq = issued_on.year, seq
        rec.issued_on = issued_on
        rec.issued_by = user
        rec.status = S.ISSUED
        _save(rec, user, f"制发 {rec.number}")
        step_done("recommendation.issue", rec, actor=user)
    return rec


def recommendation_set_reply_due(*, user, rec: Recommendation, reply_due_date: dt.date, reason: str):
    """Set this letter's own reply deadline (kept through rule recomputation)."""
    require(can_manage_recommendations(actor_of(user)), "只有纪检干部可以调整回复期限")
    reason = require_text(reason, field="reason", label="调整理由", max_length=200)
    with transaction.atomic():
        rec = _lock(rec)
        if rec.status not in (S.DRAFT, S.ISSUED):
            raise InvalidTransitionError(f"建议书{rec.get_status_display()}，不能再调整回复期限")
        if reply_due_date is None:
            raise field_error("reply_due_date", "请填写回复期限", code="required")
        if rec.issued_on and reply_due_date <= rec.issued_on:
            raise field_error("reply_due_date", "回复期限必须晚于制发日期")
        rec.reply_due_date = reply_due_date
        rec.reply_due_date_manual = True
        rec.reply_due_date_warning = ""
        _save(
            rec,
            user,
            f"调整回复期限：{reason}",
            fields=["reply_due_date", "reply_due_date_manual", "reply_due_date_warning"],
        )
    return rec


def recommendation_reply(
    *, user, rec: Recommendation, reply_text: str, replied_on: dt.date | None = None, files=()
) -> Recommendation:
    """The target department's written reply, with its files."""
    require(can_reply_recommendation(actor_of(user), rec), "只有主送部门可以回复该建议书")
    reply_text = require_text(reply_text, field="reply_text", label="回复内容")
    files = list(files or [])
    for upload in files:
        validate_upload(upload, field="files")
    with transaction.atomic():
        rec = _lock(rec)
        if rec.status != S.ISSUED:
            if rec.status == S.DRAFT:
                raise InvalidTransitionError("建议书尚未制发，不能回复")
            raise InvalidTransitionError(f"建议书{rec.get_status_display()}，不能重复回复")
        rec.replied_on = check_date(
            replied_on, field="replied_on", label="回复日期", not_before=rec.issued_on, not_before_label="制发日期"
        )
        rec.reply_text = reply_text
        rec.replied_by = user
        rec.status = S.REPLIED
        _save(rec, user, "主送部门回复")
        for upload in files:
            RecommendationReplyFile.objects.create(
                recommendation=rec, file=upload, original_name=upload.name[:200], size=upload.size, uploaded_by=user
            )
        step_done("recommendation.reply", rec, actor=user)
    return rec


def recommendation_close(*, user, rec: Recommendation, note: str = "", closed_on: dt.date | None = None):
    """办结: the 纪检 office accepts the reply (销账)."""
    require(can_manage_recommendations(actor_of(user)), "只有纪检干部可以办结建议书")
    note = optional_text(note, field="note", label="办结意见")
    with transaction.atomic():
        rec = _lock(rec)
        if rec.status != S.REPLIED:
            raise InvalidTransitionError(f"建议书{rec.get_status_display()}，收到回复后才能办结")
        rec.closed_on = check_date(
            closed_on, field="closed_on", label="办结日期", not_before=rec.replied_on, not_before_label="回复日期"
        )
        rec.closed_by = user
        rec.close_note = note
        rec.status = S.CLOSED
        _save(rec, user, "办结")
    return rec
