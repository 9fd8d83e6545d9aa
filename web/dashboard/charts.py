"""The leaders' and supervisors' charts: each bar, point and slice carries the link to the list
it counts (the same lists and parameters as the numbers, ``web.dashboard.lists``)."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from rectification import selectors as rect_selectors
from rectification.filters import request_light_ctx
from rectification.models.measures import DONE_STATUSES
from web.dashboard.lists import MEASURES, PETITIONS, link

MAX_MONTHS = 36  # a longer period shows its last 36 months


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months[-MAX_MONTHS:]


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _month_start(value):
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _department_charts(lists, scope):
    params = scope.measures()
    ctx = request_light_ctx(lists.request)
    per_dept = (
        lists.queryset(MEASURES, params)
        .prefetch_related(None)
        .values("lead_department_id", "lead_department__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
            overdue=Count("pk", filter=rect_selectors.overdue_q(ctx)),
        )
        .order_by("lead_department__order", "lead_department__name", "lead_department_id")
    )
    rows = [r for r in per_dept if r["total"]]
    labels = [r["lead_department__name"] or "未指定牵头部门" for r in rows]
    dept = [{**params, "lead_department": r["lead_department_id"] or "null"} for r in rows]
    return {
        "completion": {
            "labels": labels,
            "series": [{"name": "完成率", "data": [round(100 * r["done"] / r["total"]) for r in rows]}],
            "counts": [{"done": r["done"], "total": r["total"]} for r in rows],
            "links": [link(MEASURES, p) for p in dept],
        },
        "overdue": {
            "labels": labels,
            "series": [{"name": "逾期措施", "data": [r["overdue"] for r in rows]}],
            "links": [link(MEASURES, {**p, "light": "red"}) for p in dept],
        },
    }


def _petition_charts(lists, scope):
    today = timezone.localdate()
    end = scope.end or today
    first = end.replace(day=1)
    for _ in range(11):  # without a start: the 12 months up to the end (this month by default)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    months = _months(scope.start or first, end)
    if not months:
        return {"months": {"labels": [], "series": []}, "categories": {"labels": [], "series": []}}
    start = max(months[0], scope.start) if scope.start else months[0]
    window = {"received_after": start, "received_before": scope.end}
    petitions = lists.queryset(PETITIONS, window)
    monthly = petitions.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("pk")).order_by()
    by_month = {_month_start(r["month"]): r["n"] for r in monthly}
    by_category = list(
        petitions.exclude(category__isnull=True)
        .values("category_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")
    )

    def month_link(m):
        before = min(_month_end(m), scope.end) if scope.end else _month_end(m)
        return link(PETITIONS, {"received_after": max(m, start), "received_before": before})

    return {
        "months": {
            "labels": [f"{m:%Y-%m}" for m in months],
            "series": [{"name": "信访件", "data": [by_month.get(m, 0) for m in months]}],
            "links": [month_link(m) for m in months],
        },
        "categories": {
            "labels": [r["category__name"] for r in by_category],
            "series": [{"name": "信访件", "data": [r["n"] for r in by_category]}],
            "links": [link(PETITIONS, {**window, "category": r["category_id"]}) for r in by_category],
        },
    }


def charts(lists, scope):
    """Each chart over the records the user may see, within the dashboard's round and period."""
    return {**_department_charts(lists, scope), **_petition_charts(lists, scope)}
