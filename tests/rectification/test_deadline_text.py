"""Every way a ledger writes 完成时限 (rectification.ledger.deadline_text)."""

import datetime as dt

import pytest

from deadlines.calendar import Due, WorkCalendar
from rectification.ledger.deadline_text import DeadlineUnreadable, RoundDates, parse_deadline
from rectification.models import DeadlineKind

FEEDBACK = dt.date(2021, 9, 15)


@pytest.fixture
def dates(db):
    return RoundDates(
        feedback_date=FEEDBACK,
        rectification_end=dt.date(2021, 11, 15),
        immediate=lambda start: Due(dt.date(2021, 10, 15)),  # what rule measure-immediate gives
        calendar=WorkCalendar.load(),
    )


@pytest.mark.parametrize(
    ("value", "kind", "due"),
    [
        (dt.datetime(2021, 11, 30), DeadlineKind.DATE, dt.date(2021, 11, 30)),
        (dt.date(2022, 2, 28), DeadlineKind.DATE, dt.date(2022, 2, 28)),
        (44561, DeadlineKind.DATE, dt.date(2021, 12, 31)),  # a bare Excel serial number
        (44561.0, DeadlineKind.DATE, dt.date(2021, 12, 31)),
        ("44561", DeadlineKind.DATE, dt.date(2021, 12, 31)),
        ("2021年12月底前", DeadlineKind.DATE, dt.date(2021, 12, 31)),
        ("2022年2月底", DeadlineKind.DATE, dt.date(2022, 2, 28)),
        ("2024年2月末前", DeadlineKind.DATE, dt.date(2024, 2, 29)),
        ("2021年底前", DeadlineKind.DATE, dt.date(2021, 12, 31)),
        ("2021年年底前", DeadlineKind.DATE, dt.date(2021, 12, 31)),
        ("2021年11月", DeadlineKind.DATE, dt.date(2021, 11, 30)),
        ("2022年1月15日前", DeadlineKind.DATE, dt.date(2022, 1, 15)),
        ("2022年3月31日", DeadlineKind.DATE, dt.date(2022, 3, 31)),
        ("2022.3.31", DeadlineKind.DATE, dt.date(2022, 3, 31)),
        ("2022-02-28", DeadlineKind.DATE, dt.date(2022, 2, 28)),
        ("2022/3/31", DeadlineKind.DATE, dt.date(2022, 3, 31)),
        ("２０２２．３．３１", DeadlineKind.DATE, dt.date(2022, 3, 31)),  # full-width
        (" 2022年 3月 31日前 ", DeadlineKind.DATE, dt.date(2022, 3, 31)),
        ("2022年上半年", DeadlineKind.DATE, dt.date(2022, 6, 30)),
        ("2022年第一季度", DeadlineKind.DATE, dt.date(2022, 3, 31)),
        ("2022年四季度末", DeadlineKind.DATE, dt.date(2022, 12, 31)),
        ("长期坚持", DeadlineKind.LONG_TERM, None),
        ("持续推进", DeadlineKind.LONG_TERM, None),
        ("立行立改", DeadlineKind.IMMEDIATE, dt.date(2021, 10, 15)),
        ("立行立改并长期坚持", DeadlineKind.IMMEDIATE_LONG_TERM, None),
        ("立行立改、长期坚持", DeadlineKind.IMMEDIATE_LONG_TERM, None),
        ("集中整改期内", DeadlineKind.DATE, dt.date(2021, 11, 15)),
        ("集中整改期内（反馈后2个月）", DeadlineKind.DATE, dt.date(2021, 11, 15)),
        ("反馈后2个月", DeadlineKind.DATE, dt.date(2021, 11, 15)),
        ("反馈后两个月内", DeadlineKind.DATE, dt.date(2021, 11, 15)),
        ("反馈后30日", DeadlineKind.DATE, dt.date(2021, 10, 15)),
        # 10 working days after 2021-09-15: 中秋 (09-19..21) is off, the 调休 Saturday 09-18 and
        # Sunday 09-26 are working days
        ("反馈后10个工作日", DeadlineKind.DATE, dt.date(2021, 9, 29)),
        ("3个月内", DeadlineKind.DATE, dt.date(2021, 12, 15)),
    ],
)
def test_accepted_forms(dates, value, kind, due):
    parsed = parse_deadline(value, dates)
    assert (parsed.kind, parsed.due_date) == (kind, due)
    if isinstance(value, str):
        assert parsed.text == value.strip()  # the deadline as the ledger wrote it is kept


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("尽快", "无法识别"),
        ("", "为空"),
        (None, "为空"),
        ("2022年3月前", "含义不明确"),
        ("2021年前", "含义不明确"),
        ("2022年2月30日", "日期不存在"),
        ("2022年13月", "月份不存在"),
        ("1999年12月31日", "超出"),
        (12, "不是有效的日期"),
        (2022.3, "不是有效的日期"),
        (True, "无法识别"),
        ("下周", "无法识别"),
        ("=NOW()", "无法识别"),
    ],
)
def test_refused_forms_say_why(dates, value, reason):
    with pytest.raises(DeadlineUnreadable) as exc:
        parse_deadline(value, dates)
    assert reason in exc.value.reason


@pytest.mark.parametrize("value", ["立行立改", "反馈后2个月"])
def test_relative_forms_need_the_feedback_date(dates, value):
    dates.feedback_date = None
    with pytest.raises(DeadlineUnreadable) as exc:
        parse_deadline(value, dates)
    assert "反馈日期" in exc.value.reason


def test_concentrated_period_needs_its_end(dates):
    dates.rectification_end = None
    with pytest.raises(DeadlineUnreadable):
        parse_deadline("集中整改期内", dates)
