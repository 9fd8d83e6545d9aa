"""Who may do what with work records and reports (plain functions over core.scoping.Actor).

inspector: records activities and risk points, generates reports.
supervisor: all of that, plus edits the narrative and the profile, manages kinds and
categories, and publishes a report. leader: reads. office and admin: nothing here
(the system administrator configures the system, never reads its content).
"""

from core.scoping import Actor, actor_for
from organization.roles import Role

READERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)
WRITERS = (Role.INSPECTOR, Role.SUPERVISOR)


def _actor(user_or_actor) -> Actor:
    return user_or_actor if isinstance(user_or_actor, Actor) else actor_for(user_or_actor)


def can_read(user) -> bool:
    return _actor(user).has_role(*READERS)


def can_write_records(user) -> bool:
    return _actor(user).has_role(*WRITERS)


def can_generate(user) -> bool:
    return _actor(user).has_role(*WRITERS)


def can_edit_narrative(user) -> bool:
    return _actor(user).has_role(Role.SUPERVISOR)


def can_publish(user) -> bool:
    return _actor(user).has_role(Role.SUPERVISOR)


def can_edit_profile(user) -> bool:
    return _actor(user).has_role(Role.SUPERVISOR)


def can_manage_kinds(user) -> bool:
    return _actor(user).has_role(Role.SUPERVISOR)
