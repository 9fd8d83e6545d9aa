"""Compile a year's figures: each source once (fixed queries), then each figure's record ids."""

from django.utils import timezone

from core.db_router import reading_from_replica
from reports.metrics.base import COUNT, MISSING, SYSTEM, Context, Figure, Metric, Value, metrics, sources


def _figure(metric: Metric, found: Value | None, available: bool = True) -> Figure:
    value = found.value if found is not None else None
    unit = (found.unit if found is not None and found.unit else "") or metric.unit
    figure = Figure(
        code=metric.code,
        label=metric.label,
        unit=unit,
        value=value,
        text="",
        flagged=False,
        model=metric.model,
        params=dict(found.params) if found is not None else {},
        note=found.note if found is not None else "",
        extra=metric.extra,
    )
    if metric.has_data(value):
        figure.text = metric.format(value)
    else:
        figure.flagged, figure.source = True, MISSING
        if not available:
            figure.reason = "数据来源尚未接入（相关模块未启用）"
        elif found is None and metric.kind != COUNT:
            figure.reason = "本年度没有可据以填写的记录" if metric.model else "单位信息未填写"
        elif metric.model is None:
            figure.reason = "单位信息未填写"
        else:
            figure.reason = "本年度没有相关记录，请核实后填写或补录"
    return figure


def compile_year(year: int, *, today=None) -> dict[str, Figure]:
    """All figures of ``year``; the number of queries does not depend on the number of records."""
    ctx = Context(year=year, today=today or timezone.localdate())
    found: dict[str, Value] = {}
    with reading_from_replica():  # a settled year's counts: the replica's work (core.db_router)
        for compute in sources().values():
            found.update(compute(ctx))
    available = sources()
    return {code: _figure(m, found.get(code), m.source in available) for code, m in metrics().items()}


def drill_queryset(code: str, year: int, params: dict):
    """The records a figure counts (unscoped: callers apply the reader's visibility)."""
    metric = metrics().get(code)
    if metric is None or metric.drill is None:
        return None
    return metric.drill(year, params or {})


def collect_ids(year: int, figures: dict[str, Figure]) -> None:
    """Fill ``figure.ids`` with the primary keys behind each figure: one query per traceable figure."""
    for code, figure in figures.items():
        if figure.source != SYSTEM or figure.model is None:
            figure.ids = [] if figure.model else None
            continue
        qs = drill_queryset(code, year, figure.params)
        figure.ids = sorted(qs.values_list("pk", flat=True)) if qs is not None else []


def record_counts(year: int, figures: dict[str, Figure]) -> dict[str, int | None]:
    """How many records each figure counts (its drill-down's records, unscoped); None for a figure
    without a record list (a profile text). One count query per traceable figure."""
    counts: dict[str, int | None] = {}
    for code, figure in figures.items():
        if figure.model is None or figure.source != SYSTEM:  # as collect_ids: no system data, no records
            counts[code] = None if figure.model is None else 0
            continue
        qs = drill_queryset(code, year, figure.params)
        counts[code] = qs.count() if qs is not None else 0
    return counts
