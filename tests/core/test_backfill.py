"""core.backfill: the checks every workflow step's own date or time goes through, and the 补录 mark."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.backfill import is_backfilled, step_day, step_moment
from core.errors import ApplicationError

TZ = ZoneInfo("Asia/Shanghai")


def _message(exc, field):
    return exc.value.detail[field][0]


def test_defaults_are_now_and_today():
    assert abs((step_moment(None) - timezone.now()).total_seconds()) < 5
    assert step_day(None, field="on") == timezone.localdate()


def test_future_early_and_before_the_previous_step_are_refused_naming_the_field():
    with pytest.raises(ApplicationError) as exc:
        step_moment(timezone.now() + dt.timedelta(hours=1), field="accepted_at", label="受理时间")
    assert _message(exc, "accepted_at") == "受理时间不能晚于当前时间"
    with pytest.raises(ApplicationError) as exc:
        step_day(timezone.localdate() + dt.timedelta(days=1), field="on", label="告知日期")
    assert _message(exc, "on") == "告知日期不能晚于今天"
    with pytest.raises(ApplicationError) as exc:
        step_day(dt.date(1999, 12, 31), field="on")
    assert "2000" in _message(exc, "on")
    received = dt.datetime(2024, 3, 5, 9, 0, tzinfo=TZ)
    with pytest.raises(ApplicationError) as exc:
        step_moment(received - dt.timedelta(minutes=1), not_before=received, not_before_label="收到时间")
    assert _message(exc, "at") == "时间不能早于收到时间（2024-03-05 09:00）"
    with pytest.raises(ApplicationError) as exc:
        step_day(dt.date(2024, 3, 4), field="on", not_before=received, not_before_label="收到日期")
    assert _message(exc, "on") == "日期不能早于收到日期（2024-03-05）"
    with pytest.raises(ApplicationError):
        step_day(dt.datetime(2024, 3, 6, tzinfo=TZ), field="on")


def test_a_little_clock_skew_is_accepted():
    ahead = timezone.now() + dt.timedelta(minutes=2)
    assert step_moment(ahead) == ahead


@time_machine.travel(dt.datetime(2025, 1, 1, 0, 30, tzinfo=TZ), tick=False)
def test_backfilled_means_an_earlier_local_day_than_the_entry():
    entered = timezone.now()  # 2025-01-01 00:30 in Shanghai, still 2024-12-31 in UTC
    assert is_backfilled(dt.date(2024, 12, 31), entered)
    assert not is_backfilled(dt.date(2025, 1, 1), entered)
    assert not is_backfilled(dt.datetime(2025, 1, 1, 0, 5, tzinfo=TZ), entered)
    assert is_backfilled(dt.datetime(2024, 12, 31, 23, 59, tzinfo=TZ), entered)
    assert not is_backfilled(None, entered)


def test_the_mark_reads_the_same_in_the_petition_log_and_the_shared_template():
    from django.template.loader import render_to_string
    from django.utils.html import strip_tags

    from core.backfill import mark_text

    entered = dt.datetime(2026, 12, 6, 2, 20, tzinfo=dt.UTC)  # 10:20 in Shanghai
    assert mark_text("张三", entered) == "补录 · 张三 于 2026-12-06 10:20 录入"
    html = render_to_string("web/_backfill.html", {"backfilled": True, "by": "张三", "entered": entered})
    assert " ".join(strip_tags(html).split()) == mark_text("张三", entered)
    assert "补录" not in render_to_string("web/_backfill.html", {"backfilled": False, "by": "张三", "entered": entered})
