"""整改进展 and 佐证材料: appended by the responsible offices, never edited."""

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.backfill import step_day
from core.concurrency import save_versioned
from core.errors import ApplicationError, field_error, require
from core.excel import EXCEL_CELL_MAX
from core.files import validate_upload
from core.history import attribute
from core.scoping import actor_for
from core.text import validate_storable_text
from rectification import permissions
from rectification.models import Evidence, Measure, MeasureReview, MeasureStatus, ProgressUpdate
from rectification.services._common import day_start, require_text

PROGRESS_DENIED = "只有该措施牵头或配合部门的联络员可以填报整改进展"
# A note is written back into the 整改台账's 整改进展 cell, so it must fit one Excel cell.
PROGRESS_TEXT_MAX = EXCEL_CELL_MAX
# The history reason and the review note of a measure started by its first progress note.
AUTO_START_REASON = "填报整改进展，措施自动启动"
AUTO_START_NOTE = "填报整改进展时自动启动"


def clean_progress_text(text, field: str = "text") -> str:
    """The note's text, stripped: required, at most ``PROGRESS_TEXT_MAX`` characters, storable in a
    ledger cell (no control characters); else a 400 naming ``field``."""
    text = require_text(text, field, "进展情况")
    if len(text) > PROGRESS_TEXT_MAX:
        raise field_error(field, f"进展情况有 {len(text)} 个字符，超过上限 {PROGRESS_TEXT_MAX} 个字符，请精简后再提交")
    try:
        validate_storable_text(text)
    except ValidationError as exc:
        raise field_error(field, f"进展情况{exc.messages[0]}") from None
    return text


def reporting_department_id(user, measure: Measure):
    """The user's department the note is reported for: the lead department when they belong to it."""
    actor = actor_for(user)
    if measure.lead_department_id in actor.department_ids:
        return measure.lead_department_id
    shared = permissions.co_department_ids(measure) & actor.department_ids
    return min(shared) if shared else None


def check_can_report(user, measure: Measure) -> None:
    """Refuse (403/409) unless ``user`` may add a note to the locked ``measure`` now."""
    require(permissions.can_report_progress(user, measure), PROGRESS_DENIED)
    if measure.is_archived:
        raise ApplicationError("该整改措施已归档", code="archived", status=409)
    if measure.status == MeasureStatus.SIGNED_OFF:
        raise ApplicationError("该措施已销号，不能再填报进展", code="closed", status=409)


def _save_files(progress: ProgressUpdate, files, user) -> list[Evidence]:
    saved = []
    for upload in files:
        evidence = Evidence(
            progress=progress,
            measure_id=progress.measure_id,
            original_name=os.path.basename(upload.name)[:200],
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(upload.name, upload, save=False)
        attribute(evidence, user, "上传佐证材料")
        evidence.save()
        saved.append(evidence)
    return saved


@transaction.atomic
def progress_add(*, user, measure: Measure, text, date=None, files=()) -> ProgressUpdate:
    """Append a progress note with any number of evidence files; a first note starts the measure."""
    measure = Measure.objects.select_for_update(of=("self",)).select_related("problem__round").get(pk=measure.pk)
    check_can_report(user, measure)
    text = clean_progress_text(text)
    feedback = measure.problem.round.feedback_date
    date = step_day(date, field="date", label="进展日期", not_before=feedback, not_before_label="巡察反馈日期")
    for upload in files:
        validate_upload(upload, field="files")
    progress = ProgressUpdate(
        measure=measure, date=date, text=text, author=user, department_id=reporting_department_id(user, measure)
    )
    attribute(progress, user, "填报整改进展")
    progress.save()
    _save_files(progress, files, user)
    if measure.status == MeasureStatus.NOT_STARTED:
        measure.status = MeasureStatus.IN_PROGRESS
        attribute(measure, user, AUTO_START_REASON)
        save_versioned(measure, ["status"])
        # A back-dated first note started the measure on its own day (补录).
        at = timezone.now() if date >= timezone.localdate() else day_start(date)
        MeasureReview.objects.create(
            measure=measure, action=MeasureReview.Action.START, actor=user, note=AUTO_START_NOTE, at=at
        )
    return progress


@transaction.atomic
def evidence_add(*, user, progress: ProgressUpdate, files) -> list[Evidence]:
    """Add further evidence files to an existing progress note."""
    measure = Measure.objects.select_for_update().get(pk=progress.measure_id)
    check_can_report(user, measure)
    if progress.is_archived:
        raise ApplicationError("该进展已归档", code="archived", status=409)
    files = list(files)
    if not files:
        raise field_error("files", "请选择要上传的文件", code="required")
    for upload in files:
        validate_upload(upload, field="files")
    return _save_files(progress, files, user)


def start_many(user, measures: list[Measure], where: dict[int, str] | None = None) -> None:
    """未启动 → 推进中 in bulk for measures (loaded under lock) that a first note starts, as
    ``progress_add`` does one by one: status, version and history, and a START review each.
    ``where``: per measure id, where the note came from (e.g. a ledger row), added to both texts."""
    starting = [m for m in measures if m.status == MeasureStatus.NOT_STARTED]
    if not starting:
        return
    where = where or {}
    now = timezone.now()

    def said(text, pk):
        return f"{text}（{where[pk]}）" if pk in where else text

    for measure in starting:
        measure.status, measure.version, measure.updated_at = MeasureStatus.IN_PROGRESS, measure.version + 1, now
        attribute(measure, user, said(AUTO_START_REASON, measure.pk))
    bulk_update_with_history(starting, Measure, ["status", "version", "updated_at"], batch_size=500, default_user=user)
    reviews = [
        MeasureReview(
            measure=m, action=MeasureReview.Action.START, actor=user, note=said(AUTO_START_NOTE, m.pk), at=now
        )
        for m in starting
    ]
    bulk_create_with_history(
        reviews, MeasureReview, batch_size=500, default_user=user, default_change_reason=AUTO_START_NOTE
    )
