"""What the 工作台 shows: my open items with lights, counts, and (for leaders) charts.

Every number here is computed over the rows the user's visibility selectors return.
"""

from organization.roles import Role

CHART_ROLES = (Role.LEADER, Role.SUPERVISOR)


def home_context(user, actor):
    return {
        "is_office": actor.has_role(Role.OFFICE) and not actor.has_role(Role.INSPECTOR, Role.SUPERVISOR),
        "show_charts": actor.has_role(*CHART_ROLES),
        "sections": [],
        "counts": {"overdue": 0, "due_soon": 0},
    }


def charts(user):
    return {}
