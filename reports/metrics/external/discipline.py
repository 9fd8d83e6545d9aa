"""Figures from 问题线索 and 纪律检查建议书: letters issued, departments criticised, disposals by type.

A letter counts in the year it was issued; an outcome in the year it was decided; a
clue's disposal in the year it was first approved.
"""

import datetime as dt

from django.db.models import Count

from core.outcomes import OutcomeKind
from discipline.models import Clue, Recommendation
from organization.models import Department
from petitions.models import PetitionOutcome
from reports.drill import Columns, register_columns
from reports.hints import register_hint
from reports.metrics.base import Context, Value, date_text, register_source
from reports.metrics.external.definitions import DISC, set_drill

CRITICISM_KINDS = (OutcomeKind.NAMED_CRITICISM, OutcomeKind.DEADLINE_IMPROVEMENT)
DISPOSALS = {
    "clue_disposal_talk": Clue.Disposal.TALK_INQUIRY,
    "clue_disposal_verify": Clue.Disposal.PRELIMINARY,
    "clue_disposal_shelve": Clue.Disposal.DEFER,
    "clue_disposal_close": Clue.Disposal.CLOSE,
}


def _in_year(field, year):
    return {f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)}


def issued_recommendations(year):
    return Recommendation.objects.filter(archived_at__isnull=True, **_in_year("issued_on", year)).exclude(
        status=Recommendation.Status.DRAFT
    )


def criticism_outcomes(year):
    """点名批评 / 限期改进 decided in the year and addressed to a department (from petitions)."""
    return PetitionOutcome.objects.filter(
        kind__in=CRITICISM_KINDS,
        department__isnull=False,
        petition__archived_at__isnull=True,
        **_in_year("decided_on", year),
    )


def disposed_clues(year):
    return Clue.objects.filter(archived_at__isnull=True, **_in_year("disposal_approved_on", year))


set_drill("recommendations_issued", lambda year, p: issued_recommendations(year))
set_drill(
    "criticized_departments",
    lambda year, p: Department.objects.filter(pk__in=criticism_outcomes(year).values("department_id")),
)
for _code, _disposal in DISPOSALS.items():
    set_drill(_code, lambda year, p, d=_disposal: disposed_clues(year).filter(disposal=d))


@register_source(DISC)
def compute(ctx: Context):
    """Three queries: letters issued, departments criticised, clue disposals by type."""
    out = {"recommendations_issued": Value(issued_recommendations(ctx.year).count())}
    out["criticized_departments"] = Value(
        criticism_outcomes(ctx.year).aggregate(n=Count("department_id", distinct=True))["n"]
    )
    by_disposal = dict(
        disposed_clues(ctx.year)
        .filter(disposal__in=list(DISPOSALS.values()))
        .values_list("disposal")
        .annotate(n=Count("pk"))
        .values_list("disposal", "n")
    )
    for code, disposal in DISPOSALS.items():
        out[code] = Value(by_disposal.get(disposal, 0))
    return out


register_columns(
    "discipline.Recommendation",
    Columns(
        headers=["文号", "标题", "主送部门", "制发日期", "回复期限", "状态"],
        row=lambda r: [
            r.number,
            r.title,
            r.target_department.name,
            date_text(r.issued_on) if r.issued_on else "",
            date_text(r.reply_due_date) if r.reply_due_date else "",
            r.get_status_display(),
        ],
        select_related=("target_department",),
        order_by=("issued_on", "pk"),
    ),
)
register_columns(
    "discipline.Clue",
    Columns(
        # No subject person, no summary: the count's evidence only.
        headers=["编号", "收到日期", "线索来源", "处置方式", "处置批准日期", "状态"],
        row=lambda c: [
            c.number,
            date_text(c.received_date),
            c.get_source_display(),
            c.get_disposal_display(),
            date_text(c.disposal_approved_on) if c.disposal_approved_on else "",
            c.get_status_display(),
        ],
        order_by=("disposal_approved_on", "pk"),
    ),
)
register_columns(
    "organization.Department",
    Columns(headers=["部门"], row=lambda d: [d.name], order_by=("order", "pk")),
)


@register_hint
def _overdue_replies(year, figures):
    from django.utils import timezone

    # Only the report year's letters (the figure's own set), still unanswered past their due date.
    overdue = list(
        issued_recommendations(year)
        .filter(status=Recommendation.Status.ISSUED, reply_due_date__lt=timezone.localdate())
        .values("target_department__name")
        .annotate(n=Count("pk"))
        .order_by("target_department__name")
    )
    if not overdue:
        return []
    parts = "、".join(f"{r['target_department__name']}{r['n']}份" for r in overdue)
    return [{"section": "problems", "text": f"纪律检查建议书超期未回复：{parts}，可在存在问题中反映整改落实不够及时。"}]
