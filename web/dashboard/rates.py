"""按期办结率 and 满意度 on the 工作台 of 纪检 staff and leaders: one aggregate query over the
petition list's own rows (the period chosen on the page, or this year so far), each count linked
to the list that shows exactly those petitions (definitions: petitions.statistics)."""

import datetime as dt

from django.utils import timezone

from organization.roles import Role
from petitions import statistics
from web.dashboard.lists import PETITIONS, Number, link

ROLES = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)


def petition_rates(lists, actor, scope):
    if not actor.has_role(*ROLES) or actor.has_role(Role.ADMIN):
        return None
    if scope.start or scope.end:
        period = scope.petitions()
        label = "所选期间"
    else:
        today = timezone.localdate()
        period = {"received_after": dt.date(today.year, 1, 1), "received_before": today}
        label = f"{today.year}年以来"
    params = {**period, "archived": "false"}
    rates = statistics.rates_of(lists.queryset(PETITIONS, params))

    def number(value, extra):
        return Number(value, link(PETITIONS, {**params, **extra}))

    def grades(values):
        return {"satisfaction_grade": [v.value for v in values]}

    return {
        "label": label,
        "rates": rates,
        "on_time": number(rates.on_time, statistics.CONCLUSION_PARAMS["on_time"]),
        "timed": number(rates.timed, statistics.CONCLUSION_PARAMS["timed"]),
        "pleased": number(rates.pleased, grades(statistics.PLEASED)),
        "rated": number(rates.rated, grades(statistics.GRADED)),
        "on_time_definition": statistics.ON_TIME_DEFINITION,
        "satisfaction_definition": statistics.SATISFACTION_DEFINITION,
    }
