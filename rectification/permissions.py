"""Who may do what in 巡察整改 — plain functions, the one place these rules live.

Seeing a row is decided by ``rectification.visibility``; these functions decide the
writes, and are called by the services (and shown to the UI as allowed actions).
Each accepts a user or a resolved ``core.scoping.Actor``.

* 纪检干部 and 纪检负责人 create and edit rounds, aspects, problems and measures, and
  import ledgers.
* A 责任部门联络员 of a measure's lead or co-operating department starts it and reports
  progress with evidence; only the lead department's liaison asks for 销号 or for an
  extension. They never edit the measure itself.
* 纪检负责人 — and 纪检干部 where ``RECTIFICATION_INSPECTOR_CAN_SIGN_OFF`` is on — sign off
  or send back; nobody reviews a request they submitted themselves.
* Only the 纪检负责人 approves or refuses an extension, never their own request.
* 领导 read everything and write nothing.
"""

from django.conf import settings

from core.scoping import Actor, actor_for
from organization.roles import Role
from rectification.models import Extension, Measure, MeasureStatus


def _actor(who) -> Actor:
    return who if isinstance(who, Actor) else actor_for(who)


def co_department_ids(measure: Measure) -> set:
    """Uses the co-departments the selector prefetched, when it did."""
    prefetched = getattr(measure, "co_department_list", None)
    if prefetched is not None:
        return {d.pk for d in prefetched}
    return set(measure.co_links.values_list("department_id", flat=True))


def _is_lead_office(actor: Actor, measure: Measure) -> bool:
    return actor.has_role(Role.OFFICE) and measure.lead_department_id in actor.department_ids


def _is_involved_office(actor: Actor, measure: Measure) -> bool:
    if not actor.has_role(Role.OFFICE):
        return False
    if measure.lead_department_id in actor.department_ids:
        return True
    return bool(co_department_ids(measure) & actor.department_ids)


def can_manage(who) -> bool:
    """Create and edit rounds, aspects, problems and measures; import ledgers."""
    return _actor(who).has_role(Role.INSPECTOR, Role.SUPERVISOR)


def can_start(who, measure: Measure) -> bool:
    actor = _actor(who)
    return can_manage(actor) or _is_involved_office(actor, measure)


def can_report_progress(who, measure: Measure) -> bool:
    return _is_involved_office(_actor(who), measure)


def can_submit(who, measure: Measure) -> bool:
    return _is_lead_office(_actor(who), measure)


def may_review_at_all(who) -> bool:
    """Holds a role that signs off (the setting decides for inspectors, read now)."""
    actor = _actor(who)
    if actor.has_role(Role.SUPERVISOR):
        return True
    return actor.has_role(Role.INSPECTOR) and bool(getattr(settings, "RECTIFICATION_INSPECTOR_CAN_SIGN_OFF", False))


def can_review(who, measure: Measure) -> bool:
    """Sign off or send back a measure submitted for 销号 — never one's own submission."""
    actor = _actor(who)
    if not may_review_at_all(actor):
        return False
    return measure.submitted_by_id is None or measure.submitted_by_id != actor.user_id


def can_request_extension(who, measure: Measure) -> bool:
    return _is_lead_office(_actor(who), measure)


def can_decide_extension(who, extension: Extension) -> bool:
    actor = _actor(who)
    return actor.has_role(Role.SUPERVISOR) and extension.requested_by_id != actor.user_id


def allowed_actions(who, measure: Measure) -> list[str]:
    """The workflow actions the user may take on the measure now (for the UI)."""
    actor = _actor(who)
    if measure.is_archived:
        return []
    status = measure.status
    actions = []
    if can_manage(actor):
        actions.append("edit")
    if status == MeasureStatus.NOT_STARTED and can_start(actor, measure):
        actions.append("start")
    if status != MeasureStatus.SIGNED_OFF and can_report_progress(actor, measure):
        actions.append("progress")
    if status == MeasureStatus.IN_PROGRESS and can_submit(actor, measure):
        actions.append("submit")
    if status == MeasureStatus.SUBMITTED and can_review(actor, measure):
        actions += ["sign_off", "return"]
    if measure.due_date and status not in (MeasureStatus.SIGNED_OFF,) and can_request_extension(actor, measure):
        actions.append("request_extension")
    return actions
