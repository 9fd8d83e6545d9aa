"""Figures from the 廉政风险点 排查: the three most frequent categories, 短板 and 建议 counts."""

import datetime as dt

from django.db.models import Count, Sum

from reports.metrics.base import TEXT, Context, Metric, Value, register_metric, register_source
from reports.models import RiskPoint

SOURCE = "risks"
MODEL = "reports.RiskPoint"
TOP = 3


def _year_qs(year):
    return RiskPoint.objects.filter(
        archived_at__isnull=True, date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1)
    )


def _all(year, params):
    return _year_qs(year)


def _category(year, params):
    return _year_qs(year).filter(category_id=params.get("category_id"))


def _with(field):
    def drill(year, params):
        return _year_qs(year).filter(**{f"{field}__gt": 0})

    return drill


for _i in range(1, TOP + 1):
    register_metric(
        Metric(
            code=f"risk_category_{_i}",
            label=f"风险点排查工作类别（第{_i}位）",
            source=SOURCE,
            kind=TEXT,
            model=MODEL,
            description=f"本年度查出廉政风险点最多的工作类别，第{_i}位（同数按类别排序）",
            drill=_category,
        )
    )
register_metric(
    Metric(
        code="risk_shortcomings",
        label="查出制度措施短板",
        source=SOURCE,
        unit="条",
        model=MODEL,
        description="本年度廉政风险点记录的短板条数合计",
        drill=_with("shortcoming_count"),
    )
)
register_metric(
    Metric(
        code="risk_suggestions",
        label="梳理可行性意见建议",
        source=SOURCE,
        unit="条",
        model=MODEL,
        description="本年度廉政风险点记录的意见建议条数合计",
        drill=_with("suggestion_count"),
    )
)
register_metric(
    Metric(
        code="risk_points",
        label="排查廉政风险点",
        source=SOURCE,
        unit="个",
        model=MODEL,
        extra=True,
        description="本年度登记的廉政风险点数",
        drill=_all,
    )
)


@register_source(SOURCE)
def compute(ctx: Context):
    """One grouped query: per category, how many points, 短板 and 建议; ranked in Python (≤ categories)."""
    rows = list(
        _year_qs(ctx.year)
        .values("category_id", "category__name", "category__order")
        .annotate(points=Count("id"), short=Sum("shortcoming_count"), sugg=Sum("suggestion_count"))
        .order_by("-points", "category__order", "category_id")
    )
    out = {
        "risk_points": Value(sum(r["points"] for r in rows)),
        "risk_shortcomings": Value(sum(r["short"] or 0 for r in rows)),
        "risk_suggestions": Value(sum(r["sugg"] or 0 for r in rows)),
    }
    for i, row in enumerate(rows[:TOP], start=1):
        out[f"risk_category_{i}"] = Value(
            row["category__name"], params={"category_id": row["category_id"]}, note=f"{row['points']}个风险点"
        )
    return out
