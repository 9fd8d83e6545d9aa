"""The queries behind 信访统计 (see the package docstring)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.scoping import visible_to
from petitions.models import Channel, Petition, Satisfaction

TOP = 10
GRADED = (Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED)
PLEASED = (Satisfaction.SATISFIED, Satisfaction.BASIC)

ON_TIME_DEFINITION = (
    "按期办结率＝办结日期不晚于办结期限（经批准延期的，按延期后的期限）的件数 ÷ 已办结且有办结期限的件数；"
    "信访件按收到日期计入年度，尚未办结或没有办结期限的不计入。"
)
SATISFACTION_DEFINITION = (
    "满意度＝（满意＋基本满意）件数 ÷ 有回访评价（满意、基本满意、不满意）的件数；未回访的不计入。"
)

TIMED_Q = Q(concluded_on__isnull=False, conclude_due__isnull=False)
ON_TIME_Q = TIMED_Q & Q(concluded_on__lte=F("conclude_due"))
LATE_Q = TIMED_Q & Q(concluded_on__gt=F("conclude_due"))

# The petition list's parameters (petitions.filters) that select each group's rows.
CONCLUSION_PARAMS = {
    "timed": {"conclusion": "timed"},
    "on_time": {"conclusion": "on_time"},
    "late": {"conclusion": "late"},
}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of 1 January of ``year`` and of the next year, in the unit's zone (TIME_ZONE)."""
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _percent(part, whole):
    return None if not whole else round(100 * part / whole, 1)


@dataclass(frozen=True)
class Rates:
    total: int = 0
    timed: int = 0
    on_time: int = 0
    late: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    unreached: int = 0

    @property
    def rated(self):
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def pleased(self):
        return self.satisfied + self.basic

    @property
    def on_time_rate(self):
        """Percent with one decimal, or None when no concluded petition had a due date."""
        return _percent(self.on_time, self.timed)

    @property
    def satisfaction_rate(self):
        return _percent(self.pleased, self.rated)


def _rate_aggregates(prefix, where):
    def count(q=None):
        return Count("pk", filter=where if q is None else where & q)

    return {
        f"{prefix}total": count(),
        f"{prefix}timed": count(TIMED_Q),
        f"{prefix}on_time": count(ON_TIME_Q),
        f"{prefix}late": count(LATE_Q),
        f"{prefix}satisfied": count(Q(satisfaction=Satisfaction.SATISFIED)),
        f"{prefix}basic": count(Q(satisfaction=Satisfaction.BASIC)),
        f"{prefix}unsatisfied": count(Q(satisfaction=Satisfaction.UNSATISFIED)),
        f"{prefix}unreached": count(Q(satisfaction=Satisfaction.UNREACHED)),
    }


def _rates(row, prefix):
    return Rates(**{name: row[f"{prefix}{name}"] or 0 for name in Rates.__dataclass_fields__})


def rates_of(queryset) -> Rates:
    """按期办结率 and 满意度 of a queryset, in one aggregate query (the dashboard's)."""
    return _rates(queryset.aggregate(**_rate_aggregates("", Q())), "")


@dataclass
class Group:
    """One row of a table: its label, this year's and last year's counts, and the petition list's
    parameters that select exactly its petitions (added to the year's own)."""

    label: str
    this: int
    prev: int
    params: dict = field(default_factory=dict)

    @property
    def change(self):
        return self.this - self.prev


@dataclass
class YearStatistics:
    year: int
    months: list  # 12 Groups, January first; params hold their own received range
    categories: list
    departments: list  # 被反映单位
    transfer_departments: list  # 转办部门
    channels: list
    persons: list  # the most frequent 被反映人 of the year (TOP)
    rates: Rates
    prev_rates: Rates

    @property
    def previous(self):
        return self.year - 1

    @property
    def total(self):
        return self.rates.total

    @property
    def prev_total(self):
        return self.prev_rates.total


def period_params(year: int, first: dt.date | None = None, last: dt.date | None = None) -> dict:
    """The petition list's parameters for the petitions received in ``year`` (or part of it), not archived."""
    return {
        "received_after": first or dt.date(year, 1, 1),
        "received_before": last or dt.date(year, 12, 31),
        "archived": "false",
    }


def _month_last(year, month):
    return (dt.date(year, month, 1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _split(this_start):
    return {
        "this": Count("pk", filter=Q(received_at__gte=this_start)),
        "prev": Count("pk", filter=Q(received_at__lt=this_start)),
    }


def _groups(qs, key, label, this_start, *, missing_label, missing_params, params):
    rows = qs.values(key, label).annotate(**_split(this_start)).order_by("-this", "-prev", label)
    groups = []
    for row in rows:
        if row[key] is None:
            if missing_params is None:
                continue
            groups.append(Group(missing_label, row["this"], row["prev"], dict(missing_params)))
        else:
            groups.append(Group(row[label], row["this"], row["prev"], params(row[key])))
    # the unfilled row last, whatever its count
    return sorted(groups, key=lambda g: g.label == missing_label)


def year_statistics(*, user, year: int) -> YearStatistics:
    """``year`` against ``year - 1`` over the petitions ``user`` may see (not archived): seven queries."""
    start, end = year_bounds(year - 1)[0], year_bounds(year)[1]
    this_start = year_bounds(year)[0]
    zone = timezone.get_default_timezone()
    qs = visible_to(Petition, user=user).filter(archived_at__isnull=True, received_at__gte=start, received_at__lt=end)

    by_month = {}
    for row in (
        qs.annotate(month=TruncMonth("received_at", tzinfo=zone)).values("month").annotate(n=Count("pk")).order_by()
    ):
        month = timezone.localtime(row["month"], zone).date() if isinstance(row["month"], dt.datetime) else row["month"]
        by_month[(month.year, month.month)] = row["n"]
    months = [
        Group(
            f"{m}月",
            by_month.get((year, m), 0),
            by_month.get((year - 1, m), 0),
            {"month": m},
        )
        for m in range(1, 13)
    ]

    categories = _groups(
        qs,
        "category_id",
        "category__name",
        this_start,
        missing_label="未填问题类别",
        missing_params={"missing": "category"},
        params=lambda pk: {"category": pk},
    )
    departments = _groups(
        qs,
        "subject_department_id",
        "subject_department__name",
        this_start,
        missing_label="未填被反映单位",
        missing_params={"missing": "subject_department"},
        params=lambda pk: {"subject_department": pk},
    )
    transfer_departments = _groups(
        qs,
        "transfer_department_id",
        "transfer_department__name",
        this_start,
        missing_label="",
        missing_params=None,
        params=lambda pk: {"transfer_department": pk},
    )
    by_channel = {row["channel"]: row for row in qs.values("channel").annotate(**_split(this_start)).order_by()}
    channels = [
        Group(label, by_channel[value]["this"], by_channel[value]["prev"], {"channel": value})
        for value, label in Channel.choices
        if value in by_channel
    ]
    persons = [
        Group(row["subject_person__name"], row["this"], row["prev"], {"subject_person": row["subject_person_id"]})
        for row in qs.filter(subject_person__isnull=False)
        .values("subject_person_id", "subject_person__name")
        .annotate(**_split(this_start))
        .filter(this__gt=0)
        .order_by("-this", "subject_person__name", "subject_person_id")[:TOP]
    ]
    both = qs.aggregate(
        **_rate_aggregates("this_", Q(received_at__gte=this_start)),
        **_rate_aggregates("prev_", Q(received_at__lt=this_start)),
    )
    return YearStatistics(
        year=year,
        months=months,
        categories=categories,
        departments=departments,
        transfer_departments=transfer_departments,
        channels=channels,
        persons=persons,
        rates=_rates(both, "this_"),
        prev_rates=_rates(both, "prev_"),
    )


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), _month_last(year, month)


def drill_params(params: dict, year: int) -> dict:
    """The petition list's full query for a group's petitions received in ``year`` (a month
    group's ``month`` becomes that month's received range)."""
    params = dict(params)
    month = params.pop("month", None)
    bounds = month_range(year, month) if month else (None, None)
    return {**period_params(year, *bounds), **params}
