"""The statistics appendix: tables computed at generation and frozen with the version.

Each table provider returns ``{"name", "title", "header", "rows"}``; providers for
other apps' data (completion by department, petitions by category and month)
register themselves from ``reports.metrics.external``.
"""

import datetime as dt

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from reports.models import Activity, ActivityKind, RiskCategory, RiskPoint

MONTHS = [f"{m}月" for m in range(1, 13)]
_providers = []


def register_table(func):
    _providers.append(func)
    return func


def appendix_tables(year: int) -> dict:
    return {"sheets": [table for provider in _providers for table in provider(year)]}


def _in_year(qs, year, field="date"):
    return qs.filter(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


def month_matrix(labels, counts, *, first_header):
    """Rows label × 12 months + total, from {(label, month): n}; labels keep their given order."""
    rows = []
    for label in labels:
        values = [counts.get((label, m), 0) for m in range(1, 13)]
        rows.append([label, *values, sum(values)])
    totals = [sum(r[i] for r in rows) for i in range(1, 14)]
    rows.append(["合计", *totals])
    return {"header": [first_header, *MONTHS, "合计"], "rows": rows}


@register_table
def _activities_by_month(year):
    counts = {
        (row["kind_id"], row["month"]): row["total"]
        for row in _in_year(Activity.objects.filter(archived_at__isnull=True), year)
        .annotate(month=ExtractMonth("date"))
        .values("kind_id", "month")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    kinds = list(ActivityKind.objects.order_by("order", "id").values_list("id", "name", "unit"))
    labels = {kind_id: f"{name}（{unit}）" for kind_id, name, unit in kinds}
    table = month_matrix(
        [labels[k] for k, _, _ in kinds],
        {(labels[k], m): n for (k, m), n in counts.items() if k in labels},
        first_header="类型",
    )
    return [{"name": "工作记录", "title": f"{year}年度工作记录统计（按类型、月份）", **table}]


@register_table
def _risks_by_category(year):
    by_cat = {
        row["category_id"]: row
        for row in _in_year(RiskPoint.objects.filter(archived_at__isnull=True), year)
        .values("category_id")
        .annotate(n=Count("id"), short=Sum("shortcoming_count"), sugg=Sum("suggestion_count"))
        .order_by()
    }
    rows = []
    for cat_id, name in RiskCategory.objects.order_by("order", "id").values_list("id", "name"):
        row = by_cat.get(cat_id, {})
        rows.append([name, row.get("n", 0), row.get("short") or 0, row.get("sugg") or 0])
    rows.append(["合计", *(sum(r[i] for r in rows) for i in range(1, 4))])
    return [
        {
            "name": "廉政风险点",
            "title": f"{year}年度廉政风险点排查（按工作类别）",
            "header": ["工作类别", "风险点（个）", "短板（条）", "意见建议（条）"],
            "rows": rows,
        }
    ]
