"""Data-driven hints offered beside 二、存在问题 and 三、下一步工作打算 (never inserted by themselves).

Each hint provider takes the year and its figures (resolved: reports.figures) and returns a list of
``{"section": "problems" | "plans" | "figures", "text": str}`` (figure hints add the ``codes`` they
name); providers for other apps' data register themselves from ``reports.metrics.external``.
"""

import datetime as dt

from django.db.models import Count, Sum

from reports.metrics.base import MANUAL
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


FIGURES_SECTION = "figures"  # only figure_hints write this section: a version refreshes it from its figures


def figure_hints(figures: dict) -> list[dict]:
    """What the figures themselves tell the author, read from the resolved figures (reports.figures):
    every flagged figure is listed as missing, and no other; hand-confirmed and superseded values
    are named. Each hint also carries the ``codes`` it names."""
    missing = [f for f in figures.values() if f.flagged]
    manual = [f for f in figures.values() if f.source == MANUAL]
    superseded = [f for f in figures.values() if f.superseded]
    out = []
    if missing:
        names = "、".join(f.label for f in missing)
        out.append((missing, f"以下{len(missing)}项数字没有数据支撑，请补录记录或人工确认：{names}。"))
    if manual:
        names = "、".join(f"{f.label}（{f.text}）" for f in manual)
        out.append((manual, f"以下{len(manual)}项数字为人工确认，报告中已标明为人工填写：{names}。"))
    if superseded:
        names = "、".join(f"{f.label}（系统数据{f.text}，人工确认的“{f.manual}”未采用）" for f in superseded)
        out.append((superseded, f"以下{len(superseded)}项数字系统已有数据，以系统数据为准：{names}。"))
    return [{"section": FIGURES_SECTION, "text": text, "codes": [f.code for f in named]} for named, text in out]


def refresh_figure_hints(hints: list[dict], figures: dict) -> list[dict]:
    """A saved version's hints with the figure hints recomputed (its manual values may have changed)."""
    return [*figure_hints(figures), *(h for h in hints if h.get("section") != FIGURES_SECTION)]


@register_hint
def _figure_hints(year, figures):
    return figure_hints(figures)


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
