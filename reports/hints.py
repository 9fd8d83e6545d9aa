"""Data-driven hints offered beside 二、存在问题 and 三、下一步工作打算 (never inserted by themselves).

Each hint provider takes the year and its figures and returns a list of
``{"section": "problems" | "plans" | "figures", "text": str}``; providers for other
apps' data register themselves from ``reports.metrics.external``.
"""

import datetime as dt

from django.db.models import Count, Sum

from reports.models import RiskPoint

_providers = []


def register_hint(func):
    _providers.append(func)
    return func


def hints_for(year: int, figures: dict) -> list[dict]:
    out = []
    for provider in _providers:
        out += provider(year, figures)
    return out


@register_hint
def _missing_figures(year, figures):
    missing = [f.label for f in figures.values() if f.flagged and not f.extra]
    if not missing:
        return []
    return [
        {
            "section": "figures",
            "text": f"以下{len(missing)}项数字没有数据支撑，请补录记录或人工确认：{'、'.join(missing)}。",
        }
    ]


@register_hint
def _risk_shortcomings(year, figures):
    row = (
        RiskPoint.objects.filter(
            archived_at__isnull=True, date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1)
        )
        .values("category__name")
        .annotate(short=Sum("shortcoming_count"), n=Count("id"))
        .order_by("-short", "category__order")
        .first()
    )
    if not row or not row["short"]:
        return []
    return [
        {
            "section": "problems",
            "text": f"廉政风险点排查中，“{row['category__name']}”类查出的制度措施短板最多（{row['short']}条），"
            "可在存在问题中据实反映。",
        },
        {
            "section": "plans",
            "text": f"针对“{row['category__name']}”类的短板，可在下一步工作中提出完善制度的具体措施。",
        },
    ]
