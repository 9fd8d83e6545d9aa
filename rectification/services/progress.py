"""整改进展 and 佐证材料: appended by the responsible offices, never edited."""

import os

from django.db import transaction
from django.utils import timezone

from core.concurrency import save_versioned
from core.errors import ApplicationError, field_error, require
from core.files import validate_upload
from core.history import attribute
from core.scoping import actor_for
from rectification import permissions
from rectification.models import Evidence, Measure, MeasureReview, MeasureStatus, ProgressUpdate
from rectification.services._common import require_text

PROGRESS_DENIED = "只有该措施牵头或配合部门的联络员可以填报整改进展"


def _reporting_department_id(user, measure: Measure):
    """The user's department the note is reported for: the lead department when they belong to it."""
    actor = actor_for(user)
    if measure.lead_department_id in actor.department_ids:
        return measure.lead_department_id
    shared = permissions.co_department_ids(measure) & actor.department_ids
    return min(shared) if shared else None


def _check_can_report(user, measure: Measure):
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
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _check_can_report(user, measure)
    text = require_text(text, "text", "进展情况")
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise field_error("date", "进展日期不能晚于今天")
    for upload in files:
        validate_upload(upload, field="files")
    progress = ProgressUpdate(
        measure=measure, date=date, text=text, author=user, department_id=_reporting_department_id(user, measure)
    )
    attribute(progress, user, "填报整改进展")
    progress.save()
    _save_files(progress, files, user)
    if measure.status == MeasureStatus.NOT_STARTED:
        measure.status = MeasureStatus.IN_PROGRESS
        attribute(measure, user, "填报整改进展，措施自动启动")
        save_versioned(measure, ["status"])
        MeasureReview.objects.create(
            measure=measure, action=MeasureReview.Action.START, actor=user, note="填报整改进展时自动启动"
        )
    return progress


@transaction.atomic
def evidence_add(*, user, progress: ProgressUpdate, files) -> list[Evidence]:
    """Add further evidence files to an existing progress note."""
    measure = Measure.objects.select_for_update().get(pk=progress.measure_id)
    _check_can_report(user, measure)
    if progress.is_archived:
        raise ApplicationError("该进展已归档", code="archived", status=409)
    files = list(files)
    if not files:
        raise field_error("files", "请选择要上传的文件", code="required")
    for upload in files:
        validate_upload(upload, field="files")
    return _save_files(progress, files, user)
