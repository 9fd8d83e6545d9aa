"""Who may do what with the round documents: they are the unit's reports, not an office's.

纪检干部 and 纪检负责人 generate versions and edit the narrative; 领导 read and download;
offices and the system administrator (a superuser without a role included) get nothing.
"""

from core.scoping import Actor, actor_for
from organization.roles import Role

READERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)
WRITERS = (Role.INSPECTOR, Role.SUPERVISOR)


def _actor(who) -> Actor:
    return who if isinstance(who, Actor) else actor_for(who)


def can_read(who) -> bool:
    return _actor(who).has_role(*READERS)


def can_write(who) -> bool:
    """Generate a version and edit the narrative."""
    return _actor(who).has_role(*WRITERS)
