"""The records behind a figure: live (the metric's filter now) or frozen (the ids saved with a version).

Either way the reader's own visibility applies on top: a figure may count records the
reader is not allowed to open (回避, another department); the page says how many.
Columns per model are registered here; they never include a reporter's identity.
"""

from dataclasses import dataclass, field

from django.apps import apps

from core.scoping import apply_visibility
from reports.metrics.base import date_text, get_metric
from reports.metrics.compiler import drill_queryset

_columns: dict[str, "Columns"] = {}


@dataclass
class Columns:
    headers: list
    row: object  # obj -> list of cell texts
    select_related: tuple = ()
    prefetch_related: tuple = ()
    order_by: tuple = ("-pk",)
    extra: dict = field(default_factory=dict)


def register_columns(model_label, columns: Columns):
    _columns[model_label] = columns


def columns_for(model_label) -> Columns:
    return _columns.get(model_label) or Columns(headers=["记录"], row=lambda o: [str(o)])


@dataclass
class DrillResult:
    model_label: str | None
    counted: int  # how many records the figure counts
    queryset: object  # the part the reader may see
    columns: Columns

    @property
    def model_name(self):
        if not self.model_label:
            return ""
        return apps.get_model(self.model_label)._meta.verbose_name


def _result(model_label, counted, base_qs, user):
    cols = columns_for(model_label)
    qs = apply_visibility(base_qs, user=user)
    if cols.select_related:
        qs = qs.select_related(*cols.select_related)
    if cols.prefetch_related:
        qs = qs.prefetch_related(*cols.prefetch_related)
    return DrillResult(model_label=model_label, counted=counted, queryset=qs.order_by(*cols.order_by), columns=cols)


def live_records(*, user, code, year, params) -> DrillResult | None:
    metric = get_metric(code)
    if metric is None or metric.drill is None:
        return None
    base = drill_queryset(code, year, params)
    return _result(metric.model, base.count(), base, user)


def frozen_records(*, user, figure: dict) -> DrillResult | None:
    model_label = figure.get("model")
    if not model_label:
        return None
    ids = figure.get("ids") or []
    model = apps.get_model(model_label)
    return _result(model_label, len(ids), model._default_manager.filter(pk__in=ids), user)


def _activity_row(a):
    return [
        date_text(a.date),
        a.kind.name,
        a.title,
        f"{a.quantity}{a.kind.unit}",
        "是" if a.is_seminar else "",
        a.department.name if a.department else "",
    ]


def _risk_row(r):
    return [
        date_text(r.date),
        r.category.name,
        r.title,
        r.department.name if r.department else "",
        r.shortcoming_count,
        r.suggestion_count,
    ]


register_columns(
    "reports.Activity",
    Columns(
        headers=["日期", "类型", "标题", "数量", "专题研讨", "组织部门"],
        row=_activity_row,
        select_related=("kind", "department"),
        order_by=("date", "pk"),
    ),
)
register_columns(
    "reports.RiskPoint",
    Columns(
        headers=["排查日期", "工作类别", "风险点", "所在部门", "短板（条）", "意见建议（条）"],
        row=_risk_row,
        select_related=("category", "department"),
        order_by=("date", "pk"),
    ),
)
