"""What a job's owner could see when the job was asked for, checked again at download.

An export's file holds what its owner saw; once a role or a department membership is taken
away, the file must not be handed over any more (404, as for a job that does not exist).
"""

from core.scoping import actor_for, forget_actor


def owner_scope(user) -> dict:
    actor = actor_for(user)
    return {"roles": sorted(actor.roles), "departments": sorted(actor.department_ids)}


def scope_still_held(user, job) -> bool:
    """True when ``user`` still holds every role and department recorded when ``job`` started."""
    forget_actor(user)  # roles may have changed since this request resolved them
    actor = actor_for(user)
    scope = job.parameters.get("scope") or {}
    if actor.is_anonymous or not scope.get("roles"):
        return False
    return set(scope["roles"]) <= set(actor.roles) and set(scope.get("departments", [])) <= set(actor.department_ids)
