"""Who may do which step (plain functions over core.scoping.Actor).

Whether a user may *see* a petition is decided by petitions.visibility; these functions
decide what a user who sees it may *do*. Reporter identity is petitions.identity's alone.
"""

from core.scoping import actor_for
from organization.roles import Role
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
