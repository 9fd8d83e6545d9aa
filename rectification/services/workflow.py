"""The measure workflow (未启动 → 推进中 → 申请销号 → 已销号, 退回) and extensions (延期).

Every step checks ``rectification.permissions``, refuses a step the current status does
not allow (409), and leaves a ``MeasureReview`` row plus a history entry naming the user.
Every step takes an optional ``at``, when it really happened (补录; default now), checked by
``_common.step_at``: not in the future, not before the round's feedback day nor the step it
follows; the review row keeps both ``at`` and ``entered_at``.
"""

from django.db import transaction
from django.utils import timezone

from core.concurrency import save_versioned
from core.errors import ApplicationError, InvalidTransitionError, field_error, require
from core.history import attribute
from core.workflow import step_done
from rectification import permissions
from rectification.models import Extension, Measure, MeasureReview, MeasureStatus
from rectification.models.measures import LONG_TERM_KINDS
from rectification.services._common import day_start, require_text, step_at, step_bounds


def _lock(measure: Measure) -> Measure:
    """Reload the row under a lock so two reviewers cannot both act on the same status."""
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    if locked.is_archived:
        raise ApplicationError("该整改措施已归档", code="archived", status=409)
    return locked


def _expect(measure: Measure, *statuses, action: str):
    if measure.status not in statuses:
        allowed = "、".join(MeasureStatus(s).label for s in statuses)
        raise InvalidTransitionError(
            f"当前状态为“{measure.get_status_display()}”，不能{action}（仅限：{allowed}）",
            detail={"status": [measure.status]},
        )


def _transition(measure: Measure, user, *, status, action, at, note="", reason="", extra_fields=()):
    measure.status = status
    attribute(measure, user, reason or MeasureReview.Action(action).label)
    save_versioned(measure, ["status", *extra_fields])
    MeasureReview.objects.create(measure=measure, action=action, actor=user, note=note, at=at)
    return measure


@transaction.atomic
def measure_start(*, user, measure: Measure, note="", at=None) -> Measure:
    measure = _lock(measure)
    require(permissions.can_start(user, measure), "只有责任部门或纪检干部可以启动该措施")
    _expect(measure, MeasureStatus.NOT_STARTED, action="启动")
    at = step_at(at, step_bounds(measure.pk), label="启动时间")
    return _transition(
        measure, user, status=MeasureStatus.IN_PROGRESS, action=MeasureReview.Action.START, note=note, at=at
    )


@transaction.atomic
def measure_submit(*, user, measure: Measure, note="", at=None) -> Measure:
    """申请销号: the lead department asks for sign-off once progress has been reported; not
    before the latest progress note's day nor the measure's previous step (启动, 退回)."""
    measure = _lock(measure)
    require(permissions.can_submit(user, measure), "只有牵头部门的联络员可以申请销号")
    _expect(measure, MeasureStatus.IN_PROGRESS, action="申请销号")
    bounds = step_bounds(measure.pk)
    if bounds["last_progress_date"] is None:
        raise InvalidTransitionError("申请销号前请先填报整改进展并上传佐证材料", code="no_progress")
    at = step_at(
        at,
        bounds,
        label="申请销号时间",
        after=[
            (day_start(bounds["last_progress_date"]), "最近一次整改进展日期"),
            (bounds["last_review_at"], "上一环节时间"),
        ],
    )
    measure.submitted_by, measure.submitted_at = user, at
    measure = _transition(
        measure,
        user,
        status=MeasureStatus.SUBMITTED,
        action=MeasureReview.Action.SUBMIT,
        at=at,
        note=(note or "").strip(),
        extra_fields=("submitted_by", "submitted_at"),
    )
    step_done("measure.submit", measure, actor=user)
    return measure


@transaction.atomic
def measure_sign_off(*, user, measure: Measure, note="", long_term=False, at=None) -> Measure:
    """销号, or for a 长期坚持 measure 认定长期坚持（已建立长效机制）; never by the submitter;
    not before the 申请销号."""
    measure = _lock(measure)
    require(permissions.may_review_at_all(user), "只有纪检负责人（或经设置授权的纪检干部）可以审核销号")
    require(permissions.can_review(user, measure), "不能审核自己提交的销号申请")
    _expect(measure, MeasureStatus.SUBMITTED, action="审核销号")
    if long_term and measure.deadline_kind not in LONG_TERM_KINDS:
        raise field_error("long_term", "只有完成时限为“长期坚持”的措施可以认定为长期坚持（已建立长效机制）")
    at = step_at(at, step_bounds(measure.pk), label="销号时间", after=[(measure.submitted_at, "申请销号时间")])
    if long_term:
        measure = _transition(
            measure, user, status=MeasureStatus.LONG_TERM, action=MeasureReview.Action.LONG_TERM, note=note, at=at
        )
        step_done("measure.sign_off", measure, actor=user, long_term=True)
        return measure
    measure.closed_at = at
    measure = _transition(
        measure,
        user,
        status=MeasureStatus.SIGNED_OFF,
        action=MeasureReview.Action.SIGN_OFF,
        at=at,
        note=note,
        extra_fields=("closed_at",),
    )
    step_done("measure.sign_off", measure, actor=user)
    return measure


@transaction.atomic
def measure_return(*, user, measure: Measure, reason, at=None) -> Measure:
    """退回: back to 推进中 with a reason the office will read; not before the 申请销号."""
    reason = require_text(reason, "reason", "退回理由")
    measure = _lock(measure)
    require(permissions.may_review_at_all(user), "只有纪检负责人（或经设置授权的纪检干部）可以退回")
    require(permissions.can_review(user, measure), "不能审核自己提交的销号申请")
    _expect(measure, MeasureStatus.SUBMITTED, action="退回")
    at = step_at(at, step_bounds(measure.pk), label="退回时间", after=[(measure.submitted_at, "申请销号时间")])
    measure.submitted_by, measure.submitted_at = None, None
    measure = _transition(
        measure,
        user,
        status=MeasureStatus.IN_PROGRESS,
        action=MeasureReview.Action.RETURN,
        at=at,
        note=reason,
        reason=f"退回：{reason}",
        extra_fields=("submitted_by", "submitted_at"),
    )
    step_done("measure.return", measure, actor=user, reason=reason)
    return measure


# -- extensions ---------------------------------------------------------------------------------

EXTENSION_OPEN = (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS)


@transaction.atomic
def extension_request(*, user, measure: Measure, reason, requested_date, at=None) -> Extension:
    """申请延期 at ``at`` (补录: an earlier time; default now), not before the round's feedback day."""
    reason = require_text(reason, "reason", "延期理由")
    measure = _lock(measure)
    require(permissions.can_request_extension(user, measure), "只有牵头部门的联络员可以申请延期")
    _expect(measure, *EXTENSION_OPEN, action="申请延期")
    at = step_at(at, step_bounds(measure.pk), label="申请时间")
    if measure.due_date is None:
        raise field_error("requested_date", "该措施没有完成日期，无需申请延期")
    if requested_date is None or requested_date <= measure.due_date:
        raise field_error("requested_date", f"申请延至的日期须晚于当前完成时限（{measure.due_date:%Y-%m-%d}）")
    if measure.extensions.filter(status=Extension.Status.PENDING, archived_at__isnull=True).exists():
        raise ApplicationError("该措施已有待审批的延期申请", code="extension_pending", status=409)
    extension = Extension(
        measure=measure,
        reason=reason,
        requested_date=requested_date,
        previous_due_date=measure.due_date,
        requested_by=user,
        requested_at=at,
        request_entered_at=timezone.now(),
    )
    attribute(extension, user, "申请延期")
    extension.save()
    step_done("measure.extension_request", extension, actor=user)
    return extension


def _lock_pending(extension: Extension) -> Extension:
    extension = Extension.objects.select_for_update().select_related("measure").get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise InvalidTransitionError(f"该延期申请已审批（{extension.get_status_display()}），不能重复审批")
    return extension


def _decided_at(extension: Extension, at):
    """When the decision was made: not before the request (nor the round's feedback day)."""
    after = [(extension.requested_at, "延期申请时间")]
    return step_at(at, step_bounds(extension.measure_id), label="审批时间", after=after)


def _decide(extension: Extension, user, *, status, note, at):
    extension.status = status
    extension.decided_by, extension.decided_at = user, at
    extension.decision_entered_at = timezone.now()
    extension.decision_note = note
    attribute(extension, user, Extension.Status(status).label)
    extension.save()
    step_done("measure.extension_decided", extension, actor=user)
    return extension


@transaction.atomic
def extension_approve(*, user, extension: Extension, note="", at=None) -> Extension:
    """Approve: the measure gets the new date, kept through rule recomputation; the old one stays visible."""
    extension = _lock_pending(extension)
    require(permissions.can_decide_extension(user, extension), "只有纪检负责人可以审批延期，且不能审批本人的申请")
    at = _decided_at(extension, at)
    measure = _lock(extension.measure)
    _expect(measure, *EXTENSION_OPEN, MeasureStatus.SUBMITTED, action="批准延期")
    measure.due_date_manual = True  # before the date, so original_due_date keeps the old one
    measure.due_date = extension.requested_date
    measure.due_date_warning = ""
    attribute(
        measure, user, f"批准延期：{extension.previous_due_date:%Y-%m-%d} 延至 {extension.requested_date:%Y-%m-%d}"
    )
    save_versioned(measure, ["due_date", "due_date_manual", "due_date_warning"])
    return _decide(extension, user, status=Extension.Status.APPROVED, note=(note or "").strip(), at=at)


@transaction.atomic
def extension_refuse(*, user, extension: Extension, note, at=None) -> Extension:
    note = require_text(note, "note", "不予批准的理由")
    extension = _lock_pending(extension)
    require(permissions.can_decide_extension(user, extension), "只有纪检负责人可以审批延期，且不能审批本人的申请")
    at = _decided_at(extension, at)
    return _decide(extension, user, status=Extension.Status.REFUSED, note=note, at=at)
