"""Reading a 完成时限 cell as ledgers write it (DOMAIN.md §6, rules-and-formats.md §1.3.1).

Accepted: date cells; bare Excel serial numbers; 2021年12月底前, 2021年底前, 2021年11月
(the month's last day), 2022年1月15日前, 2022年3月31日, 2022.3.31, 2022-02-28,
2022/3/31; 2022年上半年, 2022年第一季度; 长期坚持 and its variants; 立行立改; 立行立改并
长期坚持 (long-term, begun at once); 集中整改期内 (the round's concentrated period);
反馈后2个月 / 反馈后30日 / 反馈后10个工作日 (counted from the round's feedback date).

Anything else — 尽快, or 2022年3月前 (3月底前 or 2月底前? the ledger must say) — is
refused with a reason; nothing is guessed.
"""

import calendar as _stdcal
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.utils.datetime import from_excel

from deadlines.calendar import Due, WorkCalendar
from deadlines.models import Unit
from rectification.models import DeadlineKind

MIN_YEAR, MAX_YEAR = 2000, 2099
# Excel serial numbers of 2000-01-01 and 2099-12-31.
MIN_SERIAL, MAX_SERIAL = 36526, 73050

LONG_TERM_WORDS = {"长期坚持", "长期", "持续推进", "持续整改", "常态化", "长期推进", "常态长效", "持续坚持", "长期执行"}
IMMEDIATE_WORDS = {"立行立改", "立即整改", "即知即改", "立查立改", "立知立改"}
PERIOD_WORDS = {"集中整改期内", "集中整改期间", "集中整改期", "集中整改期结束前", "集中整改阶段"}

HINT = "可写为具体日期（如2022年3月31日、2022.3.31）、“2021年12月底前”“长期坚持”“立行立改”或“集中整改期内”"

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class DeadlineUnreadable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedDeadline:
    kind: str
    due_date: dt.date | None
    text: str
    warning: str = ""


@dataclass
class RoundDates:
    """What relative deadlines count from; ``immediate`` applies rule ``measure-immediate``."""

    feedback_date: dt.date | None
    rectification_end: dt.date | None
    immediate: Callable[[dt.date], Due]
    calendar: WorkCalendar


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[text]


def _date(year, month, day) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DeadlineUnreadable(f"年份{year}超出可接受的范围（{MIN_YEAR}—{MAX_YEAR}）")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DeadlineUnreadable(f"日期不存在：{year}年{month}月{day}日") from None


def _month_end(year, month) -> dt.date:
    if not 1 <= month <= 12:
        raise DeadlineUnreadable(f"月份不存在：{month}月")
    first = _date(year, month, 1)
    return first.replace(day=_stdcal.monthrange(year, month)[1])


_BEFORE = r"(?:前|之前|以前|止|前完成|完成)?"
_YMD = re.compile(r"^(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?" + _BEFORE + "$")
_YM = re.compile(r"^(\d{4})[年.\-/](\d{1,2})月?(底|末|份)?(前|之前|以前|内|止)?$")
_Y = re.compile(r"^(\d{4})年(底|末|内|年底|年末)?(前|之前|以前)?$")
_HALF = re.compile(r"^(\d{4})年(上|下)半年(?:底|末)?" + _BEFORE + "$")
_QUARTER = re.compile(r"^(\d{4})年(?:第)?([一二三四1-4])季度(?:末|底)?" + _BEFORE + "$")
_RELATIVE = re.compile(
    r"^(?:巡察)?(?:反馈|反馈意见)(?:后|之日起|之日后|起)?"
    r"(\d+|[一二两三四五六七八九十]+)(个月|月|日|天|个工作日|工作日)(?:内|以内)?$"
)
_WITHIN_MONTHS = re.compile(r"^(\d+|[一二两三四五六]+)个月内$")
_TRAILING_NOTE = re.compile(r"^(.*?)\((.*)\)$")


def _text_date(text: str) -> dt.date:
    if m := _YMD.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := _YM.match(text):
        year, month, end, before = int(m[1]), int(m[2]), m[3], m[4]
        if before in ("前", "之前", "以前") and end not in ("底", "末"):
            raise DeadlineUnreadable(
                f"“{year}年{month}月前”含义不明确（{month}月底前还是{month - 1 or 12}月底前？），"
                f"请写明具体日期，如“{year}年{month}月底前”"
            )
        return _month_end(year, month)
    if m := _Y.match(text):
        if m[3] and not m[2]:
            raise DeadlineUnreadable(f"“{m[1]}年前”含义不明确，请写明具体日期，如“{m[1]}年12月底前”")
        return _date(int(m[1]), 12, 31)
    if m := _HALF.match(text):
        return _date(int(m[1]), 6, 30) if m[2] == "上" else _date(int(m[1]), 12, 31)
    if m := _QUARTER.match(text):
        quarter = _cn_number(m[2])
        return _month_end(int(m[1]), quarter * 3)
    raise DeadlineUnreadable(f"无法识别的完成时限；{HINT}")


def _needs_feedback(dates: RoundDates, what: str):
    if dates.feedback_date is None:
        raise DeadlineUnreadable(f"巡察轮次没有反馈日期，无法计算“{what}”的完成时限；请先填写该轮次的反馈日期")


def _relative(text: str, dates: RoundDates) -> ParsedDeadline | None:
    m = _RELATIVE.match(text)
    if m:
        amount, unit = _cn_number(m[1]), m[2]
    elif m := _WITHIN_MONTHS.match(text):
        amount, unit = _cn_number(m[1]), "个月"
    else:
        return None
    _needs_feedback(dates, text)
    if amount <= 0:
        raise DeadlineUnreadable("期限须大于 0")
    unit = {"个月": Unit.MONTH, "月": Unit.MONTH, "日": Unit.DAY, "天": Unit.DAY}.get(unit, Unit.WORKDAY)
    due = dates.calendar.add(dates.feedback_date, amount, unit)
    return ParsedDeadline(DeadlineKind.DATE, due.date, text, due.warning)


def _words(main: str, original: str, dates: RoundDates) -> ParsedDeadline | None:
    has_immediate = any(word in main for word in IMMEDIATE_WORDS)
    if has_immediate and any(word in main for word in ("长期", "持续", "常态")):
        return ParsedDeadline(DeadlineKind.IMMEDIATE_LONG_TERM, None, original)
    if main in IMMEDIATE_WORDS:
        _needs_feedback(dates, main)
        due = dates.immediate(dates.feedback_date)
        return ParsedDeadline(DeadlineKind.IMMEDIATE, due.date, original, due.warning)
    if main in LONG_TERM_WORDS:
        return ParsedDeadline(DeadlineKind.LONG_TERM, None, original)
    if main in PERIOD_WORDS:
        if dates.rectification_end is None:
            raise DeadlineUnreadable("巡察轮次没有集中整改期截止日期（或反馈日期），无法计算“集中整改期内”的完成时限")
        return ParsedDeadline(DeadlineKind.DATE, dates.rectification_end, original)
    return None


def _serial(number: float) -> dt.date:
    if not MIN_SERIAL <= number <= MAX_SERIAL:
        raise DeadlineUnreadable(f"数字“{number:g}”不是有效的日期（Excel 日期序号应在 {MIN_SERIAL}—{MAX_SERIAL} 之间）")
    return from_excel(number).date()


def parse_deadline(value, dates: RoundDates) -> ParsedDeadline:
    """The deadline a cell states, or ``DeadlineUnreadable`` with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DeadlineUnreadable("完成时限为空")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _date(value.year, value.month, value.day)
        return ParsedDeadline(DeadlineKind.DATE, value, value.isoformat())
    if isinstance(value, bool):
        raise DeadlineUnreadable(f"无法识别的完成时限；{HINT}")
    if isinstance(value, (int, float)):
        day = _serial(float(value))
        return ParsedDeadline(DeadlineKind.DATE, day, day.isoformat())
    original = str(value).strip()
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", original)).rstrip("。.,，;；")
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        day = _serial(float(text))
        return ParsedDeadline(DeadlineKind.DATE, day, original)
    main, note = text, ""
    if m := _TRAILING_NOTE.match(text):
        main, note = m[1], m[2]
    for candidate in (main, note) if note else (main,):
        if not candidate:
            continue
        parsed = _words(candidate, original, dates) or _relative(candidate, dates)
        if parsed:
            return ParsedDeadline(parsed.kind, parsed.due_date, original, parsed.warning)
    day = _text_date(main)
    return ParsedDeadline(DeadlineKind.DATE, day, original)
