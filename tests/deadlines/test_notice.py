"""The State Council notice parser against the real 2025 and 2026 texts and broken ones.

chinesecalendar keeps two dicts: ``holidays`` (every day off the notice lists, weekends inside a
holiday range included) and ``workdays`` (only the 调休 working days, weekend days the notice makes
working). Those are exactly what a notice states, so they are what the parse is compared with —
not ``get_holidays``/``get_workdays``, which add every ordinary weekend and weekday.
"""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from deadlines.calendar_entry import LIBRARY_NAMES  # chinesecalendar's English names, as the notice names them
from deadlines.notice import NoticeError, parse_notice

D = dt.date
NOTICES = Path(__file__).parent / "notices"


def notice_text(year):
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def library(days, year):
    return {day: LIBRARY_NAMES[name] for day, name in days.items() if day.year == year}


@pytest.mark.parametrize("year", [2025, 2026])
def test_real_notice_reproduces_chinesecalendar(year):
    notice = parse_notice(notice_text(year))
    assert notice.year == year
    holidays = library(chinese_calendar.holidays, year)
    workdays = library(chinese_calendar.workdays, year)
    assert set(notice.holidays) == set(holidays)
    assert set(notice.workdays) == set(workdays)
    # Names: the notice's item may name two festivals (2025: 国庆节、中秋节, where the library
    # calls 10月6日 Mid-autumn); the library's festival must be one the item names.
    for day, name in holidays.items():
        assert name in notice.holidays[day], day
    for day, name in workdays.items():
        assert name in notice.workdays[day], day


def test_2025_details():
    notice = parse_notice(notice_text(2025))
    assert notice.source == "国办发明电〔2024〕12号"
    assert len(notice.holidays) == 28 and len(notice.workdays) == 5
    assert notice.holidays[D(2025, 10, 6)] == "国庆节、中秋节"
    assert notice.workdays[D(2025, 1, 26)] == "春节"
    sunday = next(d for d in notice.days if d.date == D(2025, 1, 26))
    assert (sunday.weekday_text, sunday.kind_text, sunday.stored_name) == ("周日", "调休上班", "春节调休上班")


def test_2026_without_document_number_records_the_title():
    notice = parse_notice(notice_text(2026))
    assert notice.source == "国务院办公厅关于2026年部分节假日安排的通知"
    assert len(notice.holidays) == 33 and len(notice.workdays) == 6


class TestTolerance:
    def test_half_width_punctuation_and_spaces(self):
        text = notice_text(2026).translate(str.maketrans("：（），、", ":(),、")).replace("日", " 日 ")
        assert parse_notice(text).days == parse_notice(notice_text(2026)).days

    def test_one_paragraph_without_line_breaks(self):
        text = notice_text(2025).replace("\n", "")
        notice = parse_notice(text)
        assert set(notice.holidays) == set(library(chinese_calendar.holidays, 2025))
        assert set(notice.workdays) == set(library(chinese_calendar.workdays, 2025))

    def test_item_broken_over_two_lines(self):
        text = notice_text(2026).replace("共9天。2月14日", "共9天。\n2月14日")
        assert D(2026, 2, 14) in parse_notice(text).workdays

    def test_full_width_digits_and_older_weekday_style(self):
        text = notice_text(2026).replace("（周四）", "（星期四）").replace("1月1日", "１月１日")
        assert D(2026, 1, 1) in parse_notice(text).holidays

    # The 2023 notice's 元旦 began in 2022 (chinesecalendar: 2022-12-31 is New Year's Day of 2023's
    # notice). Here the line is written in that notice's style, the rest reused from 2026.
    def test_new_year_range_from_december_with_explicit_years(self):
        text = notice_text(2026).replace(
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
            "一、元旦：2025年12月31日（周三）至2026年1月3日（周六）放假调休，共4天。1月4日（周日）上班。",
        )
        assert {D(2025, 12, 31), D(2026, 1, 1)} <= set(parse_notice(text).holidays)

    def test_new_year_range_from_december_without_years(self):
        text = notice_text(2026).replace(
            "1月1日（周四）至3日（周六）放假调休，共3天", "12月31日（周三）至1月3日（周六）放假调休，共4天"
        )
        holidays = parse_notice(text).holidays
        assert D(2025, 12, 31) in holidays and D(2026, 1, 3) in holidays


class TestRefusals:
    def refusal(self, text):
        with pytest.raises(NoticeError) as caught:
            parse_notice(text)
        return caught.value.message

    def test_empty(self):
        assert self.refusal("  \n ") == "请粘贴通知全文"

    def test_no_year(self):
        text = notice_text(2026).replace("2026年", "")
        assert "未找到年份" in self.refusal(text)

    def test_title_and_body_years_disagree(self):
        text = notice_text(2026).replace("现将2026年", "现将2027年")
        assert "不一致" in self.refusal(text)

    def test_weekday_does_not_match(self):
        text = notice_text(2026).replace("5月9日（周六）上班", "5月9日（周日）上班")
        message = self.refusal(text)
        line = "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周日）上班"
        assert message.startswith(f"第13行“{line}…”：")
        assert "2026年5月9日是周六，不是括号中的“周日”" in message

    def test_count_does_not_match_the_range(self):
        text = notice_text(2026).replace("共9天", "共8天")
        message = self.refusal(text)
        assert message.startswith("第9行") and "写明共8天，但日期范围是9天" in message

    def test_missing_item(self):
        lines = [line for line in notice_text(2026).splitlines() if "三、清明节" not in line]
        message = self.refusal("\n".join(lines))
        assert "条目序号不连续：这里应是第3项" in message and "四、劳动节" in message

    def test_missing_festival(self):
        text = notice_text(2026).replace("六、中秋节：", "六、其他：")
        assert "未找到中秋节的安排" in self.refusal(text)

    def test_workday_on_a_weekday(self):
        text = notice_text(2026).replace("5月9日（周六）上班", "5月8日（周五）上班")
        assert "5月8日是周五，本就是工作日" in self.refusal(text)

    def test_invalid_date(self):
        text = notice_text(2026).replace("6月19日（周五）至21日（周日）", "6月31日至21日")
        assert "“6月31日”不是有效日期" in self.refusal(text)

    def test_date_listed_twice(self):
        text = notice_text(2026).replace("9月20日（周日）、10月10日（周六）上班", "9月20日（周日）、5月9日（周六）上班")
        message = self.refusal(text)
        assert message.startswith("第19行“七、国庆节") and "2026-05-09 已在第13行出现过" in message

    def test_dates_without_holiday_or_workday_word(self):
        text = notice_text(2026).replace("5月9日（周六）上班", "5月9日（周六）照常")
        assert "既未写明放假也未写明上班" in self.refusal(text)

    def test_no_items(self):
        assert "未找到放假安排" in self.refusal("国务院办公厅关于2026年部分节假日安排的通知\n各地区：请安排好值班。")

    def test_range_running_backwards(self):
        text = notice_text(2026).replace("4月4日（周六）至6日（周一）", "4月6日（周一）至4日（周六）")
        assert "结束日 2026-04-04 不在开始日 2026-04-06 之后" in self.refusal(text)

    def test_date_outside_the_neighbouring_months(self):
        text = notice_text(2026).replace("1月4日（周日）上班", "2027年1月4日（周一）上班")
        message = self.refusal(text)
        assert "本就是工作日" in message or "不属于2026年" in message
        text = notice_text(2026).replace("1月4日（周日）上班", "2025年6月1日（周日）上班")
        assert "2025-06-01 不属于2026年" in self.refusal(text)

    def test_too_long(self):
        assert "过长" in self.refusal(notice_text(2026) * 50)
