"""What the 工作台 shows: my open items with lights and due dates, overdue / due-soon counts,
and for leaders and supervisors the charts — within the round and period chosen on the page.

Every row and every number comes from the lists' own selectors and filters (``lists``), so it
covers exactly what the user may see, and each number links to the list that shows its rows
with the same count: an office's 我的待办 holds its own departments' items and nothing else.
"""

from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from web.dashboard import sections as modules
from web.dashboard.charts import charts
from web.dashboard.lists import Lists
from web.dashboard.rates import petition_rates
from web.dashboard.scope import PERIOD_HELP, Scope

CHART_ROLES = (Role.LEADER, Role.SUPERVISOR)
ROWS = modules.ROWS


def home_context(request, actor):
    user = request.user
    scope = Scope(request.GET, user=user)
    lists = Lists(request)
    boxes, sections = [], []
    if actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.OFFICE):
        for module in (modules.measures, modules.petitions, modules.clues, modules.recommendations):
            box, more = module(lists, actor, scope)
            if box is not None:
                boxes.append(box)
            sections += more
    show_charts = actor.has_role(*CHART_ROLES)
    return {
        "calendar": calendar_context(user, actor),
        "is_office": actor.has_role(Role.OFFICE) and not actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER),
        "scope": scope,
        "period_help": PERIOD_HELP,
        "show_charts": show_charts,
        "charts": charts(lists, scope) if show_charts else None,
        "petition_rates": petition_rates(lists, actor, scope),
        "boxes": boxes,
        "sections": sections,
        "counts": {
            "overdue": sum(b.red.value for b in boxes),
            "due_soon": sum(b.yellow.value for b in boxes),
            "total": sum(b.total.value for b in boxes),
        },
    }


# -- holiday calendar ---------------------------------------------------------------------------


def calendar_context(user, actor):
    """The missing-year warning and the estimated due dates, as each role may see them.

    The 系统管理员 gets the warning with a link to enter the year and the number of estimated
    items per kind (三员分立: no title, no link into a case); 纪检 staff get the items they may see.
    Other roles get nothing here (their lists already mark an estimated date 期限待核).
    """
    from deadlines.watch import missing_text, missing_years
    from web import estimated

    is_admin = actor.has_role(Role.ADMIN)
    is_staff = actor.has_role(Role.INSPECTOR, Role.SUPERVISOR)
    if not (is_admin or is_staff):
        return None
    years = missing_years(timezone.localdate())
    context = {"missing_years": years, "missing_text": missing_text(years) if years else ""}
    if is_admin:
        counts = estimated.estimated_counts()
        context["counts"] = [(label, n) for label, n in counts if n]
        context["notice_url"] = reverse("admin:deadlines_calendaryear_notice")
    if is_staff:
        context["groups"] = estimated.estimated_groups(user, limit=ROWS)
        context["list_url"] = reverse("web:estimated-list")
    if not (years or context.get("counts") or context.get("groups")):
        return None
    return context
