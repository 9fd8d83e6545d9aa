"""Who may do what with clues and recommendations (plain functions on the scoping Actor).

Visibility (who may *see* a row) lives in ``visibility.py``; these functions decide the
actions on a row the user can already see. ``allowed_actions`` and
``recommendation_allowed_actions`` name the steps a page offers and the API reports; the
services check the same rules again when a step is taken.
"""

from core.scoping import Actor, actor_for
from discipline.models import Clue, Recommendation
from organization.roles import Role

STAFF = (Role.INSPECTOR, Role.SUPERVISOR)


def _actor(who) -> Actor:
    return who if isinstance(who, Actor) else actor_for(who)


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


def allowed_actions(who, clue: Clue) -> list[str]:
    """The workflow steps the user may take on the clue now, in the order a page offers them.

    The names are the web's step names; the API's action of each is the same name with
    ``-`` for ``_`` (``inquiry_reply`` → ``/inquiry-reply/``).
    """
    if clue.archived_at is not None:  # every step refuses an archived clue
        return []
    actor = _actor(who)
    S = Clue.Status
    status = clue.status
    handles = can_handle_clue(actor, clue)
    approves = can_approve_clue(actor)
    actions = []
    if status in (S.REGISTERED, S.ASSIGNED) and can_assign_clue(actor):
        actions.append("assign")
    if status in (S.ASSIGNED, S.EXECUTING) and handles:
        actions.append("propose")
    if status == S.PROPOSED and can_record_meeting(actor):
        actions.append("discuss")
    if status == S.DISCUSSED and approves:
        actions.append("approve")
    if status in (S.PROPOSED, S.DISCUSSED) and approves:
        actions.append("return")
    if status == S.APPROVED and handles:
        actions.append("execute")
    if status == S.EXECUTING and handles:
        if clue.disposal == Clue.Disposal.TALK_INQUIRY and clue.inquiry_sent_on and not clue.inquiry_replied_on:
            actions.append("inquiry_reply")
        if clue.disposal == Clue.Disposal.DEFER:
            actions.append("review")
        actions.append("conclude")
    if handles:
        # 反馈 to the 巡察 office is allowed before conclusion too; the service checks the target.
        actions.append("feedback")
    return actions


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


def recommendation_allowed_actions(who, rec: Recommendation) -> list[str]:
    """The steps the user may take on the letter now: 制发, 回复, 办结."""
    actor = _actor(who)
    S = Recommendation.Status
    manage = can_manage_recommendations(actor)
    actions = []
    if rec.status == S.DRAFT and manage:
        actions.append("issue")
    if rec.status == S.ISSUED and can_reply_recommendation(actor, rec):
        actions.append("reply")
    if rec.status == S.REPLIED and manage:
        actions.append("close")
    return actions
