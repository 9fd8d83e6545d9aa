"""The metric registry: every figure the annual report prints is a named metric.

A metric knows its label, unit word, which *source* computes it, how its value is
written in the text, and how to list the records it counts (its drill-down). A
source computes all of its metrics for a year with a fixed number of aggregate
queries, whatever the number of records; the compiler calls each source once.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Kinds of value a metric holds; they decide how "no data" is recognised.
COUNT = "count"
TEXT = "text"

# Where a figure's printed value comes from (see reports.figures.resolve_figures).
SYSTEM = "system"  # the records of the year
MANUAL = "manual"  # no records; the author confirmed a value by hand (人工确认)
MISSING = "missing"  # no records and nothing confirmed: 【待填：…】


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    source: str
    unit: str = ""
    kind: str = COUNT
    model: str | None = None  # app_label.Model of the records it counts (None: a profile text)
    description: str = ""
    extra: bool = False  # not one of the example's 45 blanks
    fmt: Callable[[Any], str] | None = None
    drill: Callable[[int, dict], Any] | None = None  # (year, params) -> QuerySet of the counted records
    profile_field: str = ""  # for profile texts: the field the author fills in

    def format(self, value) -> str:
        if self.fmt is not None:
            return self.fmt(value)
        return str(value)

    def has_data(self, value) -> bool:
        if value is None:
            return False
        if self.kind == COUNT:
            return value > 0
        return str(value).strip() != ""


@dataclass
class Value:
    """What a source found for a metric: the value and the parameters of its drill-down."""

    value: Any
    params: dict = field(default_factory=dict)
    unit: str = ""  # overrides the metric's unit when the data carries it (activity kinds)
    note: str = ""


@dataclass
class Figure:
    """A metric's result for a year, ready to print, save and trace."""

    code: str
    label: str
    unit: str
    value: Any
    text: str
    flagged: bool
    reason: str = ""
    model: str | None = None
    params: dict = field(default_factory=dict)
    note: str = ""
    extra: bool = False
    ids: list | None = None
    source: str = ""  # SYSTEM, MANUAL or MISSING; left empty, it follows ``flagged`` (no data: MISSING)
    manual: str = ""  # the value confirmed by hand, also when the system's data supersede it
    superseded: bool = False  # a manual value exists but the system has data: not used

    def __post_init__(self):
        if not self.source:
            self.source = MISSING if self.flagged else SYSTEM

    @property
    def placeholder(self):
        return f"【待填：{self.label}】"

    def as_dict(self):
        return {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "text": self.text,
            "flagged": self.flagged,
            "reason": self.reason,
            "model": self.model,
            "params": self.params,
            "note": self.note,
            "extra": self.extra,
            "ids": self.ids,
            "source": self.source,
            "manual": self.manual,
            "superseded": self.superseded,
        }

    @classmethod
    def from_dict(cls, data):
        # a version saved before sources were recorded has none: its ``flagged`` meant "no data"
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})


@dataclass
class Context:
    year: int
    today: dt.date
    start: dt.date = None
    end: dt.date = None  # exclusive

    def __post_init__(self):
        self.start = dt.date(self.year, 1, 1)
        self.end = dt.date(self.year + 1, 1, 1)


_metrics: dict[str, Metric] = {}
_sources: dict[str, Callable[[Context], dict[str, Value]]] = {}


def register_metric(metric: Metric) -> Metric:
    if metric.code in _metrics:
        raise ValueError(f"metric {metric.code} registered twice")
    _metrics[metric.code] = metric
    return metric


def register_source(name):
    """Decorator over ``def compute(ctx) -> {code: Value}``; called once per compile."""

    def decorator(func):
        _sources[name] = func
        return func

    return decorator


def metrics() -> dict[str, Metric]:
    return dict(_metrics)


def sources() -> dict:
    return dict(_sources)


def get_metric(code) -> Metric | None:
    return _metrics.get(code)


# --- how figures are written -------------------------------------------------------


def approx_count(n: int, unit: str = "件") -> str:
    """ "N余件": 20 or more rounds down to tens (137 → 130余件); fewer is exact (7 → 7件).

    An exact multiple of ten is written as it is (40 → 40件): "余" would overstate it.
    """
    if n >= 20 and n % 10:
        return f"{n // 10 * 10}余{unit}"
    return f"{n}{unit}"


def date_text(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def percent_text(value) -> str:
    return f"{value:.1f}%"
