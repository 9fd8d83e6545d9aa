"""补录: a workflow step entered with the date (or time) it really happened.

Every step of every workflow takes an optional date or time of when it happened (default: now).
``step_moment`` and ``step_day`` check one: never in the future (beyond a little clock skew),
never before the 2000-01-01 floor, never before the step it follows (``not_before``). A step
whose own day lies before the day it was entered is 补录 (``is_backfilled``): the history shows it
so, with who entered it and when; deadlines, lights and the report read the recorded date.
"""

import datetime as dt

from django.utils import timezone

from core.dates import EARLIEST
from core.errors import field_error

# A client clock a little ahead of the server's is not an error.
CLOCK_SKEW = dt.timedelta(minutes=5)

LABEL = "补录"


def _local_day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def step_moment(at, *, field="at", label="时间", not_before=None, not_before_label="") -> dt.datetime:
    """The time of a step: now by default; not in the future, not before ``not_before``."""
    now = timezone.now()
    if at is None:
        return now
    if not isinstance(at, dt.datetime):
        raise field_error(field, f"{label}格式不正确，应为日期时间（YYYY-MM-DD HH:MM）")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        raise field_error(field, f"{label}不能晚于当前时间")
    if _local_day(at) < EARLIEST:
        raise field_error(field, f"{label}不能早于 {EARLIEST.year} 年")
    if not_before is not None and at < not_before:
        shown = timezone.localtime(not_before) if timezone.is_aware(not_before) else not_before
        raise field_error(field, f"{label}不能早于{not_before_label}（{shown:%Y-%m-%d %H:%M}）")
    return at


def step_day(value, *, field, label="日期", not_before=None, not_before_label="") -> dt.date:
    """The date of a step: today by default; not in the future, not before ``not_before``."""
    today = timezone.localdate()
    if value is None:
        return today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise field_error(field, f"{label}格式不正确，应为日期（YYYY-MM-DD）")
    if value > today:
        raise field_error(field, f"{label}不能晚于今天")
    if value < EARLIEST:
        raise field_error(field, f"{label}不能早于 {EARLIEST.year} 年")
    if not_before is not None:
        not_before = _local_day(not_before)
        if value < not_before:
            raise field_error(field, f"{label}不能早于{not_before_label}（{not_before:%Y-%m-%d}）")
    return value


def is_backfilled(happened, entered) -> bool:
    """补录: the step's own (local) day lies before the day it was entered."""
    if happened is None or entered is None:
        return False
    return _local_day(happened) < _local_day(entered)


def mark_text(who: str, entered) -> str:
    """How a 补录 step is shown: “补录 · 张三 于 2026-12-06 10:20 录入” (web/_backfill.html says the same)."""
    return f"{LABEL} · {who} 于 {timezone.localtime(entered):%Y-%m-%d %H:%M} 录入"
