"""Figures from 巡察整改: which round(s), their aspects / problems / measures, completion and overdue.

The round(s) of a year: those whose feedback fell in the year; if none, the latest
round (fed back before the year ended) that still has measures not done; if several
fell in the year, each is named and their counts added up. Completion and overdue
are as the measures stand when the report is generated.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q

from deadlines.light import Light
from organization.models import Department
from rectification.models import Aspect, InspectionRound, Problem
from rectification.models.measures import CLOSED_Q, DONE_STATUSES, LONG_TERM_Q
from rectification.open import current_measures, unfinished_measures
from rectification.selectors import LightContext, light_filter_q
from reports.appendix import register_table
from reports.drill import Columns, register_columns
from reports.hints import register_hint
from reports.metrics.base import Context, Value, date_text, register_source
from reports.metrics.external.definitions import RECT, set_drill

LIVE = Q(archived_at__isnull=True)


def select_rounds(year) -> list[dict]:
    """The round(s) the year's report speaks of (one or two queries)."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    rounds = InspectionRound.objects.filter(LIVE)
    fields = ("id", "inspection_team", "feedback_date")
    in_year = list(
        rounds.filter(feedback_date__gte=start, feedback_date__lt=end).order_by("feedback_date", "id").values(*fields)
    )
    if in_year:
        return in_year
    open_measures = unfinished_measures().filter(problem__round_id=OuterRef("pk"))
    latest = (
        rounds.filter(Exists(open_measures), feedback_date__lt=end).order_by("-feedback_date", "-id").values(*fields)
    )
    return list(latest[:1])


def _round_ids(params):
    return [int(i) for i in params.get("round_ids") or []]


def _measures_of(params):
    return current_measures().filter(problem__round_id__in=_round_ids(params))


# buckets of the completion figures, as filters on current measures
_LONG_TERM_OPEN = LONG_TERM_Q & ~CLOSED_Q
BUCKETS = {
    "measures_closed": CLOSED_Q,
    "measures_long_term": _LONG_TERM_OPEN,
    "measures_in_progress": ~CLOSED_Q & ~_LONG_TERM_OPEN,
}

set_drill("inspection_team", lambda year, p: InspectionRound.objects.filter(pk__in=_round_ids(p)))
set_drill(
    "inspection_aspects",
    lambda year, p: Aspect.objects.filter(LIVE, round_id__in=_round_ids(p), parent__isnull=True),
)
set_drill("inspection_problems", lambda year, p: Problem.objects.filter(LIVE, round_id__in=_round_ids(p)))
set_drill("inspection_measures", lambda year, p: _measures_of(p))
set_drill("completion_rate", lambda year, p: _measures_of(p).filter(status__in=DONE_STATUSES))
for _code, _q in BUCKETS.items():
    set_drill(_code, lambda year, p, q=_q: _measures_of(p).filter(q))


def overdue_measures(params, light: LightContext | None = None):
    """The one definition of the report's 逾期未完成整改措施: the current measures of the year's
    round(s) that are red now. The figure, its drill-down list, the hints and the appendix table
    all count these (the hints once counted every round's and disagreed with the figure)."""
    return _measures_of(params).filter(_overdue_q(light))


def _overdue_q(light: LightContext | None = None):
    return light_filter_q(Light.RED, light or LightContext.now())


set_drill("measures_overdue", lambda year, p: overdue_measures(p))


@register_source(RECT)
def compute(ctx: Context):
    rounds = select_rounds(ctx.year)
    if not rounds:
        return {}
    ids = [r["id"] for r in rounds]
    params = {"round_ids": ids}
    teams = []
    for r in rounds:  # two rounds by the same team are named once
        if r["inspection_team"] not in teams:
            teams.append(r["inspection_team"])
    note = "；".join(
        f"{r['inspection_team']}（反馈日期：{date_text(r['feedback_date'])}）" for r in rounds if r["feedback_date"]
    )
    out = {"inspection_team": Value("、".join(teams), params=params, note=note)}
    out["inspection_aspects"] = Value(
        Aspect.objects.filter(LIVE, round_id__in=ids, parent__isnull=True).count(), params=params
    )
    out["inspection_problems"] = Value(Problem.objects.filter(LIVE, round_id__in=ids).count(), params=params)
    light = LightContext.now()
    stats = _measures_of(params).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
        overdue=Count("pk", filter=_overdue_q(light)),
        **{code: Count("pk", filter=q) for code, q in BUCKETS.items()},
    )
    out["inspection_measures"] = Value(stats["total"], params=params)
    for code in (*BUCKETS, "measures_overdue"):
        out[code] = Value(stats["overdue" if code == "measures_overdue" else code], params=params)
    if stats["total"]:
        out["completion_rate"] = Value(
            round(stats["done"] * 100 / stats["total"], 1),
            params=params,
            note=f"已销号或已建立长效机制的措施 {stats['done']} 项，共 {stats['total']} 项（截至生成时）",
        )
    return out


# --- drill-down columns -----------------------------------------------------------------------
register_columns(
    "rectification.InspectionRound",
    Columns(
        headers=["巡察轮次", "巡察组", "反馈日期"],
        row=lambda r: [r.name, r.inspection_team, date_text(r.feedback_date) if r.feedback_date else ""],
        order_by=("feedback_date", "pk"),
    ),
)
register_columns(
    "rectification.Aspect",
    Columns(
        headers=["巡察轮次", "方面"],
        row=lambda a: [a.round.name, a.title],
        select_related=("round",),
        order_by=("round_id", "order", "pk"),
    ),
)
register_columns(
    "rectification.Problem",
    Columns(
        headers=["巡察轮次", "方面", "问题"],
        row=lambda p: [p.round.name, p.aspect.title if p.aspect else "", p.text],
        select_related=("round", "aspect"),
        order_by=("round_id", "order", "pk"),
    ),
)


def _measure_row(m):
    if m.due_date:
        deadline = date_text(m.due_date)
    else:
        deadline = m.get_deadline_kind_display()
    return [
        m.problem.text[:60],
        m.content,
        m.lead_department.name if m.lead_department else "",
        m.responsible_leader.name if m.responsible_leader else "",
        deadline,
        m.get_status_display(),
    ]


register_columns(
    "rectification.Measure",
    Columns(
        headers=["问题", "整改措施", "牵头部门", "责任领导", "完成时限", "状态"],
        row=_measure_row,
        select_related=("problem", "lead_department", "responsible_leader"),
        order_by=("problem__round_id", "problem__order", "problem_id", "order", "pk"),
    ),
)


# --- hints and appendix -----------------------------------------------------------------------
def _overdue_by_department(year):
    params = {"round_ids": [r["id"] for r in select_rounds(year)]}
    return list(
        overdue_measures(params)
        .values("lead_department__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_department__name")
    )


@register_hint
def _overdue_hint(year, figures):
    rows = _overdue_by_department(year)
    if not rows:
        return []
    parts = "、".join(f"{r['lead_department__name'] or '未明确牵头部门'}{r['n']}项" for r in rows)
    total = sum(r["n"] for r in rows)
    return [
        {"section": "problems", "text": f"巡察整改仍有{total}项措施逾期未完成（{parts}），可在存在问题中据实反映。"},
        {"section": "plans", "text": f"对逾期措施（{parts}）明确新的完成时限，压实责任部门和责任人。"},
    ]


@register_table
def _completion_by_department(year):
    params = {"round_ids": [r["id"] for r in select_rounds(year)]}
    light = LightContext.now()
    rows_by_dept = {
        row["lead_department_id"]: row
        for row in _measures_of(params)
        .values("lead_department_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
            overdue=Count("pk", filter=_overdue_q(light)),
            **{code: Count("pk", filter=q) for code, q in BUCKETS.items()},
        )
        .order_by()
    }
    names = dict(Department.objects.filter(pk__in=[k for k in rows_by_dept if k]).values_list("id", "name"))
    rows = []
    ordered = sorted(rows_by_dept, key=lambda k: (k is None, names.get(k, "")))
    for dept_id in ordered:
        r = rows_by_dept[dept_id]
        rate = f"{r['done'] * 100 / r['total']:.1f}%" if r["total"] else ""
        rows.append(
            [
                names.get(dept_id, "未明确牵头部门"),
                r["total"],
                r["measures_closed"],
                r["measures_in_progress"],
                r["measures_long_term"],
                r["overdue"],
                rate,
            ]
        )
    totals = [sum(r[i] for r in rows) for i in range(1, 6)]
    done = sum(rows_by_dept[k]["done"] for k in rows_by_dept)
    rows.append(["合计", *totals, f"{done * 100 / totals[0]:.1f}%" if totals[0] else ""])
    return [
        {
            "name": "整改完成情况",
            "title": f"{year}年度报告所述巡察整改完成情况（按牵头部门，截至生成时）",
            "header": ["牵头部门", "措施（项）", "已销号", "推进中", "长期坚持", "逾期", "完成率"],
            "rows": rows,
        }
    ]
