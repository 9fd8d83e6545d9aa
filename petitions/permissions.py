"""Who may do which step (plain functions over core.scoping.Actor).

Whether a user may *see* a petition is decided by petitions.visibility; these functions
decide what a user who sees it may *do*. Reporter identity is petitions.identity's alone.
``allowed_actions`` / ``allowed_transfer_actions`` name the steps open now, following the
petition's state, for the pages and the API; the services decide (a step offered in error is
refused with their message).
"""

from core.scoping import actor_for
from organization.roles import Role
from petitions.deadlines import OPEN_FOR_CONCLUSION
from petitions.models import Kind, PetitionExtension, Status
from petitions.visibility import is_leader, is_office, is_staff


def _actor(user_or_actor):
    return user_or_actor if hasattr(user_or_actor, "roles") else actor_for(user_or_actor)


def can_register(user) -> bool:
    """登记、受理、转办、办理、办结、告知、反馈: 纪检干部 and 纪检负责人."""
    return is_staff(_actor(user))


can_process = can_register


def can_decide(user) -> bool:
    """批准延期、审批身份查看申请: 纪检负责人 only."""
    actor = _actor(user)
    return is_staff(actor) and actor.has_role(Role.SUPERVISOR)


def can_reply(user, petition) -> bool:
    """办结反馈 of a transferred petition: a liaison of the department it was transferred to."""
    actor = _actor(user)
    return (
        not actor.has_role(Role.ADMIN)
        and actor.has_role(Role.OFFICE)
        and petition.transfer_department_id is not None
        and petition.transfer_department_id in actor.department_ids
    )


def can_export(user) -> bool:
    """信访台账: 纪检 staff and leaders; never offices or system administrators."""
    actor = _actor(user)
    return is_staff(actor) or is_leader(actor)


def sees_office_projection(user) -> bool:
    """Offices read petitions only as 转办件: the 转办摘要, never the content or the reporter."""
    return is_office(_actor(user))


def _reviewable(petition):
    return petition.status == Status.CONCLUDED and petition.kind == Kind.PETITION and not petition.is_restricted


def review_request_stage(petition):
    """The 复查/复核 request the reporter may still make (as ``petition_review_request`` checks), or None."""
    if not _reviewable(petition):
        return None
    if petition.review_requested_on is None:
        return "review"
    if petition.review_answered_on is not None and petition.recheck_requested_on is None:
        return "recheck"
    return None


def review_answer_stage(petition):
    """The 复查/复核 request awaiting its opinion (as ``petition_review_answer`` checks), or None."""
    if not _reviewable(petition):
        return None
    if petition.review_requested_on is not None and petition.review_answered_on is None:
        return "review"
    if petition.recheck_requested_on is not None and petition.recheck_answered_on is None:
        return "recheck"
    return None


_EXTENSION_OPEN = (PetitionExtension.Status.PENDING, PetitionExtension.Status.APPROVED)


def _may_extend(petition):
    """办结 still owed and no extension asked for or granted yet (uses prefetched extensions)."""
    if petition.status not in OPEN_FOR_CONCLUSION or not petition.conclude_due:
        return False
    return not any(e.status in _EXTENSION_OPEN for e in petition.extensions.all())


# 更正 while the petition is open (petitions.services.correction).
CORRECTION_STATES = (Status.REGISTERED, Status.ACCEPTED, Status.HANDLING, Status.TRANSFERRED, Status.REPLIED)
TO_CLUE_STATES = (Status.ACCEPTED, Status.HANDLING)


def kind_may_be_transferred(petition) -> bool:
    """转办 to a department (信访工作条例 第三十条; 检举控告工作规则 第五十二条): never a 检举控告,
    a 信访事项 only of a service category; 投诉 and 意见建议 may go. ``petition_transfer``
    checks the same and names the rule."""
    if petition.kind == Kind.ACCUSATION:
        return False
    if petition.kind == Kind.PETITION:
        return bool(petition.category_id and petition.category.is_service)
    return True


def may_become_clue(petition) -> bool:
    """转为问题线索: a 检举控告 (an allegation against a party member or official) once accepted,
    before it is concluded, kept at this level, and not yet a clue (reads prefetched ``clues``)."""
    return (
        petition.kind == Kind.ACCUSATION
        and petition.status in TO_CLUE_STATES
        and not petition.is_restricted
        and not petition.clues.all()
    )


def allowed_actions(user, petition) -> list[str]:
    """The workflow steps ``user`` may take on ``petition`` now, in the order the page offers them."""
    if not can_process(user):
        return []
    s = petition.status
    restricted = petition.is_restricted
    actions = []
    if s == Status.REGISTERED and petition.outside_remit:
        actions.append("object")
    if s == Status.REGISTERED:
        actions += ["accept", "reject"]
    if s in (Status.REGISTERED, Status.ACCEPTED) and (restricted or petition.kind == Kind.ACCUSATION):
        actions.append("escalate")
    if s == Status.ACCEPTED and not restricted:
        actions += ["transfer", "handle"] if kind_may_be_transferred(petition) else ["handle"]
    if may_become_clue(petition):
        actions.append("to_clue")
    if s in (Status.HANDLING, Status.REPLIED):
        actions.append("conclude")
    if (
        s not in (Status.REGISTERED, Status.ESCALATED)
        and petition.is_named
        and petition.informant_id
        and not petition.is_repeat
        and petition.notified_on is None
        and not petition.outside_remit
    ):
        actions.append("notify")
    if s == Status.CONCLUDED and petition.is_named and petition.feedback_on is None:
        actions.append("feedback")
    if _may_extend(petition):
        actions.append("extend")
    if review_request_stage(petition):
        actions.append("review_request")
    if review_answer_stage(petition):
        actions.append("review_answer")
    if s in CORRECTION_STATES and not restricted:
        actions.append("correct")
    return actions


def allowed_transfer_actions(user, petition) -> list[str]:
    """The steps on a 转办件 open to ``user`` now: 办结反馈 (with its material) while it awaits the reply."""
    if petition.status == Status.TRANSFERRED and can_reply(user, petition):
        return ["reply", "attach"]
    return []
