"""延期 of the 信访 办结 period: asked with a reason, decided by a supervisor, once; the original date stays visible."""

from django.db import transaction

from core.errors import InvalidTransitionError, field_error, require
from core.scoping import get_visible_or_404
from core.workflow import step_done
from deadlines.calendar import WorkCalendar
from deadlines.services import get_rule
from petitions import permissions
from petitions.deadlines import OPEN_FOR_CONCLUSION, conclude_rule
from petitions.models import PetitionEvent, PetitionExtension
from petitions.services.common import lock_visible, moment, raise_if, record, require_status, save

Action = PetitionEvent.Action


@transaction.atomic
def extension_request(*, user, petition, days, reason, at=None) -> PetitionExtension:
    """Ask to extend the 办结 period by ``days`` (≤ the rule's max_extension, one approved extension),
    at ``at`` (default now; not before 受理, which starts the period)."""
    require(permissions.can_process(user), "只有纪检干部可以申请延期")
    petition = lock_visible(user, petition)
    require_status(petition, OPEN_FOR_CONCLUSION, "申请延期")
    code = conclude_rule(petition)
    if not code or petition.conclude_due is None:
        raise field_error("petition", "该信访件没有办结期限，无需延期", code="no_deadline")
    if petition.extensions.filter(status=PetitionExtension.Status.APPROVED).exists():
        raise InvalidTransitionError("办结期限只能延长一次，本件已批准过延期")
    if petition.extensions.filter(status=PetitionExtension.Status.PENDING).exists():
        raise InvalidTransitionError("本件已有待审批的延期申请")
    rule = get_rule(code)
    errors = {}
    if not rule.max_extension:
        errors["days"] = "该期限规则不允许延期"
    elif days is None or days < 1 or days > rule.max_extension:
        errors["days"] = f"延长期限应为 1 至 {rule.max_extension} {rule.get_unit_display()}"
    if not (reason or "").strip():
        errors["reason"] = "请填写延期理由"
    raise_if(errors)
    at = moment(at, not_before=petition.accepted_at, not_before_label="受理时间")
    extension = PetitionExtension.objects.create(
        petition=petition,
        days=days,
        reason=reason.strip(),
        requested_by=user,
        requested_at=at,
        original_due=petition.conclude_due,
    )
    record(petition, Action.EXTENSION_REQUEST, user, at=at, note=f"申请延长{days}{rule.get_unit_display()}")
    step_done("petition.extension_request", extension, actor=user)
    return extension


def _locked_extension(user, extension):
    require(permissions.can_decide(user), "只有纪检负责人可以审批延期")
    extension = PetitionExtension.objects.select_for_update().get(pk=extension.pk)
    get_visible_or_404(PetitionExtension, user=user, pk=extension.pk)  # 回避 applies to deciders too
    if extension.status != PetitionExtension.Status.PENDING:
        raise InvalidTransitionError(f"该延期申请已审批（{extension.get_status_display()}），不能再审批")
    if extension.requested_by_id == user.pk:
        raise InvalidTransitionError("不能审批本人提出的延期申请")
    return extension


def _decided_at(extension, at):
    return moment(at, not_before=extension.requested_at, not_before_label="申请延期时间")


@transaction.atomic
def extension_approve(*, user, extension, note="", at=None) -> PetitionExtension:
    """批准延期 at ``at`` (default now; not before the request): the new date runs from the current one."""
    extension = _locked_extension(user, extension)
    petition = lock_visible(user, extension.petition_id)
    require_status(petition, OPEN_FOR_CONCLUSION, "延期")
    rule = get_rule(conclude_rule(petition))
    if petition.conclude_due is None:  # open for conclusion always has one; never extend nothing
        raise InvalidTransitionError("该信访件没有办结期限，不能延期")
    due = WorkCalendar.load().add(petition.conclude_due, extension.days, rule.unit)
    at = _decided_at(extension, at)
    extension.status = PetitionExtension.Status.APPROVED
    extension.decided_by, extension.decided_at, extension.decision_note = user, at, (note or "").strip()
    extension.original_due, extension.new_due = petition.conclude_due, due.date
    extension.save()
    petition.conclude_due_original = petition.conclude_due
    petition.conclude_due, petition.conclude_due_warning = due.date, due.warning
    petition.conclude_due_manual = True  # kept through rule/calendar recomputation
    save(petition, f"批准延期{extension.days}{rule.get_unit_display()}", at=at)
    record(petition, Action.EXTENSION_APPROVE, user, at=at, note=f"办结期限延至{due.date:%Y-%m-%d}")
    step_done("petition.extension_decided", extension, actor=user)
    return extension


@transaction.atomic
def extension_refuse(*, user, extension, note="", at=None) -> PetitionExtension:
    """不予批准延期 at ``at`` (default now; not before the request), with the reason."""
    extension = _locked_extension(user, extension)
    if not (note or "").strip():
        raise field_error("note", "请填写不予批准的理由")
    at = _decided_at(extension, at)
    extension.status = PetitionExtension.Status.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = user, at, note.strip()
    extension.save()
    record(extension.petition, Action.EXTENSION_REFUSE, user, at=at, note=note.strip())
    step_done("petition.extension_decided", extension, actor=user)
    return extension
