"""Who may do what with clues and recommendations (plain functions on the scoping Actor).

Visibility (who may *see* a row) lives in ``visibility.py``; these functions decide the
actions on a row the user can already see.
"""

from core.scoping import Actor
from organization.roles import Role

STAFF = (Role.INSPECTOR, Role.SUPERVISOR)


def is_discipline_staff(actor: Actor) -> bool:
    """纪检干部 or 纪检负责人 — and not the system administrator: an account holding the
    admin role sees no clue content even if it also holds another role (fail closed,
    检举控告工作规则 第四十七条; 三员分立)."""
    return not actor.has_role(Role.ADMIN) and actor.has_role(*STAFF)


def is_supervisor(actor: Actor) -> bool:
    return is_discipline_staff(actor) and actor.has_role(Role.SUPERVISOR)


# -- clues ---------------------------------------------------------------------------------
def can_read_clue_statistics(actor: Actor) -> bool:
    """Leaders see counts (no rows); 纪检 staff see everything they may see."""
    return not actor.has_role(Role.ADMIN) and actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)


def can_register_clue(actor: Actor) -> bool:
    return is_discipline_staff(actor)


def can_assign_clue(actor: Actor) -> bool:
    return is_discipline_staff(actor)


def can_record_meeting(actor: Actor) -> bool:
    return is_discipline_staff(actor)


def can_approve_clue(actor: Actor) -> bool:
    """审批 (and 退回) is the 纪检负责人's."""
    return is_supervisor(actor)


def can_handle_clue(actor: Actor, clue) -> bool:
    """拟办、执行、复查、办结、反馈: the assigned 承办人, or the 纪检负责人."""
    if is_supervisor(actor):
        return True
    return is_discipline_staff(actor) and clue.handler_id is not None and clue.handler_id == actor.user_id


# -- recommendations -------------------------------------------------------------------
def can_manage_recommendations(actor: Actor) -> bool:
    return is_discipline_staff(actor)


def can_reply_recommendation(actor: Actor, rec) -> bool:
    """The target department's liaison replies; 纪检 staff may record a reply received on paper."""
    if is_discipline_staff(actor):
        return True
    return (
        not actor.has_role(Role.ADMIN)
        and actor.has_role(Role.OFFICE)
        and rec.target_department_id in actor.department_ids
    )
