"""Figures from 信访举报: how many were handled ("N余件") and the five most frequent categories.

A petition counts in the year it was received (local date). 上级管辖件 (restricted:
only the fact of receipt and escalation is recorded) are not handled here and are
left out, as are archived ones. Nothing here reads a reporter's identity.

The figures count cases (件), not contacts: a confirmed repeat (``repeat_of`` set, see
petitions.repeats) is one case with its original and is counted with it — in the original's
year, once — unless the original itself is not counted (archived, 上级管辖), when the repeat
stands for the case. The drill-down of "N余件" says so and how many repeat contacts (人次)
of the year were merged. The category ranks and the appendix table count the same cases.
"""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from petitions.models import Category, Petition
from petitions.statistics import GRADED, rates_of
from petitions.statistics.figures import TIMED_Q
from reports.appendix import month_matrix, register_table
from reports.drill import Columns, register_columns
from reports.hints import register_hint
from reports.metrics.base import Context, Value, date_text, register_source
from reports.metrics.external.definitions import PET, set_drill

TOP = 5


def _local_midnight(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# A confirmed repeat of a petition that is itself counted: merged into that case.
MERGED_REPEAT = Q(repeat_of__isnull=False, repeat_of__archived_at__isnull=True, repeat_of__is_restricted=False)
COUNTED_CASE = Q(repeat_of__isnull=True) | Q(repeat_of__archived_at__isnull=False) | Q(repeat_of__is_restricted=True)


def year_contacts(year):
    """Every petition of the year that the report reads, repeats included (来信来电 人次)."""
    return Petition.objects.filter(
        archived_at__isnull=True,
        is_restricted=False,
        received_at__gte=_local_midnight(dt.date(year, 1, 1)),
        received_at__lt=_local_midnight(dt.date(year + 1, 1, 1)),
    )


def year_petitions(year):
    """The year's cases (件): its petitions less the repeats merged into their originals."""
    return year_contacts(year).filter(COUNTED_CASE)


def handled_note(merged: int) -> str:
    extra = f"（另有重复来信来电 {merged} 人次）" if merged else ""
    return f"按件数统计，重复件并入原件{extra}"


def _of_category(year, category_id):
    """A ranked category's petitions; none when the rank is empty (not the uncategorised ones)."""
    if category_id is None:
        return Petition.objects.none()
    return year_petitions(year).filter(category_id=category_id)


set_drill("petitions_handled", lambda year, p: year_petitions(year))
for _i in range(1, TOP + 1):
    set_drill(f"petition_category_{_i}", lambda year, p: _of_category(year, p.get("category_id")))
# A rate's evidence is the petitions it is taken over (its denominator).
set_drill("petition_on_time_rate", lambda year, p: year_petitions(year).filter(TIMED_Q))
set_drill("petition_satisfaction_rate", lambda year, p: year_petitions(year).filter(satisfaction__in=GRADED))


def _by_category(year):
    return list(
        year_petitions(year)
        .filter(category__isnull=False)
        .values("category_id", "category__name", "category__order")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__order", "category_id")
    )


@register_source(PET)
def compute(ctx: Context):
    """Three queries: the year's cases and merged repeats, its 按期办结率 and 满意度 (petitions.statistics'
    definitions), and its categories ranked (ties by the categories' order)."""
    counts = year_contacts(ctx.year).aggregate(contacts=Count("pk"), merged=Count("pk", filter=MERGED_REPEAT))
    cases = counts["contacts"] - counts["merged"]
    out = {"petitions_handled": Value(cases, note=handled_note(counts["merged"]))}
    rates = rates_of(year_petitions(ctx.year))
    if rates.timed:
        out["petition_on_time_rate"] = Value(
            rates.on_time_rate, note=f"按期办结 {rates.on_time} 件，已办结且有办结期限的共 {rates.timed} 件"
        )
    if rates.rated:
        out["petition_satisfaction_rate"] = Value(
            rates.satisfaction_rate,
            note=f"满意 {rates.satisfied} 件、基本满意 {rates.basic} 件，有回访评价的共 {rates.rated} 件",
        )
    for i, row in enumerate(_by_category(ctx.year)[:TOP], start=1):
        out[f"petition_category_{i}"] = Value(
            row["category__name"], params={"category_id": row["category_id"]}, note=f"{row['n']}件"
        )
    return out


register_columns(
    "petitions.Petition",
    Columns(
        # Deliberately no content, summary, reporter or subject person: a count's evidence only.
        headers=["编号", "收到日期", "渠道", "类别", "问题类别", "状态"],
        row=lambda p: [
            p.number,
            date_text(p.received_on),
            p.get_channel_display(),
            p.get_kind_display(),
            p.category.name if p.category else "",
            p.get_status_display(),
        ],
        select_related=("category",),
        order_by=("received_at", "pk"),
    ),
)


@register_hint
def _category_trend(year, figures):
    this_year = _by_category(year)[:1]
    if not this_year:
        return []
    top = this_year[0]
    before = year_petitions(year - 1).filter(category_id=top["category_id"]).count()
    change = "" if not before else f"，上年为{before}件"
    return [
        {
            "section": "problems",
            "text": f"群众反映最集中的问题是“{top['category__name']}”（{top['n']}件{change}），"
            "可在存在问题中分析原因。",
        },
        {"section": "plans", "text": f"围绕“{top['category__name']}”问题，可提出源头治理和作风建设的具体措施。"},
    ]


@register_table
def _petitions_by_category_and_month(year):
    counts = {}
    for row in (
        year_petitions(year)
        .annotate(month=ExtractMonth("received_at"))
        .values("category_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(row["category_id"], row["month"])] = row["n"]
    categories = list(Category.objects.order_by("order", "id").values_list("id", "name"))
    labels = dict(categories)
    labels[None] = "未分类"
    order = [cid for cid, _ in categories] + [None]
    table = month_matrix(
        [labels[c] for c in order], {(labels[c], m): n for (c, m), n in counts.items()}, first_header="问题类别"
    )
    return [{"name": "信访件分类", "title": f"{year}年度信访举报件（按问题类别、收件月份）", **table}]
