"""Figures counted from work records: meetings, talks, publications, the 动员会 date."""

import datetime as dt

from django.db.models import Min, Q, Sum

from reports import kinds
from reports.metrics.base import TEXT, Context, Metric, Value, register_metric, register_source
from reports.models import Activity

SOURCE = "activities"
MODEL = "reports.Activity"


def _year_qs(year):
    return Activity.objects.filter(
        archived_at__isnull=True, date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1)
    )


def _by_kind(kind_code, **extra):
    def drill(year, params):
        return _year_qs(year).filter(kind__code=kind_code, **extra)

    return drill


def _mobilization(year, params):
    qs = _year_qs(year).filter(kind__code=kinds.HISTORY_MOBILIZATION)
    return qs.filter(date=dt.date.fromisoformat(params["date"])) if params.get("date") else qs.none()


# metric code -> (kind code, label, default unit, only 专题研讨)
_COUNTS = {
    "party_conduct_meetings": (kinds.PARTY_CONDUCT_MEETING, "党风廉政建设工作会议", "次", False),
    "superior_reports": (kinds.SUPERIOR_REPORT, "向上级纪检机构汇报责任落实情况", "次", False),
    "heart_talks": (kinds.HEART_TALK, "谈心谈话", "人次", False),
    "web_articles": (kinds.WEB_ARTICLE, "推送网文", "篇", False),
    "wall_posters": (kinds.WALL_POSTER, "制作廉宣墙报", "块", False),
    "warning_cases": (kinds.WARNING_CASE, "运用曝光典型案例", "个", False),
    "integrity_talks": (kinds.INTEGRITY_TALK, "廉政提醒谈话", "人", False),
    "theory_study_sessions": (kinds.THEORY_STUDY, "党组理论中心组学习", "次", False),
    "theory_seminars": (kinds.THEORY_STUDY, "其中专题研讨", "次", True),
    "ideology_meetings": (kinds.IDEOLOGY_MEETING, "意识形态工作专题会", "次", False),
    "work_info": (kinds.WORK_INFO, "报送工作信息", "篇", False),
}

for _code, (_kind, _label, _unit, _seminar) in _COUNTS.items():
    register_metric(
        Metric(
            code=_code,
            label=_label,
            source=SOURCE,
            unit=_unit,
            model=MODEL,
            description=f"本年度“{_label}”工作记录的数量合计" + ("（仅标记为专题研讨的）" if _seminar else ""),
            drill=_by_kind(_kind, **({"is_seminar": True} if _seminar else {})),
        )
    )

for _code, _label, _part in (
    ("mobilization_month", "党史学习教育动员会（月）", "month"),
    ("mobilization_day", "党史学习教育动员会（日）", "day"),
):
    register_metric(
        Metric(
            code=_code,
            label=_label,
            source=SOURCE,
            kind=TEXT,
            model=MODEL,
            description="本年度第一次“党史学习教育动员会”工作记录的日期",
            drill=_mobilization,
        )
    )


@register_source(SOURCE)
def compute(ctx: Context):
    """One grouped query over the year's activities: per kind, the sum, the seminars, the first date."""
    rows = (
        _year_qs(ctx.year)
        .values("kind__code", "kind__unit")
        .annotate(total=Sum("quantity"), seminars=Sum("quantity", filter=Q(is_seminar=True)), first=Min("date"))
        .order_by()
    )
    by_kind = {row["kind__code"]: row for row in rows}
    out = {}
    for code, (kind_code, _label, _unit, seminar) in _COUNTS.items():
        row = by_kind.get(kind_code)
        if row is None:
            out[code] = Value(0)
            continue
        out[code] = Value((row["seminars"] or 0) if seminar else row["total"], unit=row["kind__unit"])
    first = by_kind.get(kinds.HISTORY_MOBILIZATION, {}).get("first")
    if first is not None:
        params = {"date": first.isoformat()}
        out["mobilization_month"] = Value(str(first.month), params=params)
        out["mobilization_day"] = Value(str(first.day), params=params)
    return out
