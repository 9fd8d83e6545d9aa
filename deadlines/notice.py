"""Reading the State Council's yearly notice (国务院办公厅关于××××年部分节假日安排的通知).

Input is the notice's plain text as copied from gov.cn (or a news site): the title, the
preamble, one numbered item per festival, the closing paragraph and the signature, e.g.::

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。

Output is the year, every holiday date with its festival's name and every 调休 working day.
The text is normalised first (NFKC: full-width punctuation and digits become half-width,
the ideographic space a space; then all white space goes), so either width, stray spaces
and line breaks inside an item all read the same. A notice pasted as one paragraph is cut
at its item numbers.

What the text says is checked against itself rather than trusted: items are numbered
一、二、三… without a gap, every festival of the 全国年节及纪念日放假办法 appears, a range's
length equals its 共N天, a weekday in brackets is the date's weekday, a 上班 day is a
weekend day, no date is given twice. Any doubt is a ``NoticeError`` naming the line of the
pasted text, in Chinese: a wrong calendar is worse than none (the estimate at least says
it is one).

Dates without a year belong to the notice's year; a range whose end month comes before its
start month ends in the next year, and a December date in the 元旦 item (元旦 from
“12月31日至1月2日”) belongs to the year before. Explicit years (“2022年12月31日至2023年1月2日”)
are read as written. Only December of the year before and January of the year after may
appear besides the notice's own year.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = "一二三四五六日"

_TITLE_YEAR = re.compile(r"关于(\d{4})年部分节假日安排的通知")
_BODY_YEAR = re.compile(r"现将(\d{4})年元旦")
_DOC_NUMBER = re.compile(r"(国办发(?:明电)?)[〔(](\d{4})[〕)](\d+)号")
_ITEM = re.compile(r"([一二三四五六七八九十]{1,3})、([^:。]{1,20}?):")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?")
_RANGE_SEP = re.compile(r"^(?:至|到|-|—|–|~)$")
_COUNT = re.compile(r"(?:共|放假)([0-9]+|[一二三四五六七八九十]{1,2})天")


class NoticeError(ValueError):
    """The text cannot be read as a notice; ``message`` is Chinese and names the line."""

    def __init__(self, message: str, *, line: int | None = None, text: str = ""):
        self.line = line
        self.text = text
        if line is not None:
            excerpt = text if len(text) <= 40 else text[:40] + "…"
            message = f"第{line}行“{excerpt}”：{message}"
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NoticeDay:
    date: dt.date
    is_workday: bool
    name: str  # the festival as the item names it, e.g. 春节, 国庆节、中秋节
    line: int

    @property
    def weekday_text(self) -> str:
        return "周" + _WEEKDAY_NAMES[self.date.weekday()]

    @property
    def kind_text(self) -> str:
        return "调休上班" if self.is_workday else "放假"

    @property
    def stored_name(self) -> str:
        """The name kept in ``CalendarDay.name`` (50 characters at most)."""
        return (f"{self.name}调休上班" if self.is_workday else self.name)[:50]


@dataclass(frozen=True)
class Notice:
    year: int
    title: str
    document_number: str  # 国办发明电〔2024〕12号, when the pasted text carries it
    days: tuple[NoticeDay, ...]

    @property
    def holidays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if not d.is_workday}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if d.is_workday}

    @property
    def source(self) -> str:
        """What ``CalendarYear.source`` records: the document number, else the title."""
        return self.document_number or self.title


def _normalise(line: str) -> str:
    text = unicodedata.normalize("NFKC", line)
    # Brackets of every shape read as round ones; 〔〕 of a document number are kept.
    text = text.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    text = text.replace(":", ":").replace("﹕", ":")
    return re.sub(r"\s+", "", text)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS[text[1]]
    if text.endswith("十"):
        return _NUMERALS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _NUMERALS[text[0]] * 10 + _NUMERALS[text[2]]
    return _NUMERALS.get(text, 0)


@dataclass
class _Item:
    number: int
    name: str
    line: int
    raw: str
    body: str


def _segments(text: str):
    """(line number, original line, normalised segment) — a line holding several items is cut."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _normalise(raw)
        if not line:
            continue
        starts = [0] + [m.start() for m in _ITEM.finditer(line) if m.start() > 0 and line[m.start() - 1] == "。"]
        for begin, end in zip(starts, [*starts[1:], len(line)], strict=True):
            yield number, raw.strip(), line[begin:end]


def _find_year(text: str) -> int:
    flat = _normalise(text)
    title = _TITLE_YEAR.search(flat)
    body = _BODY_YEAR.search(flat)
    if title and body and title.group(1) != body.group(1):
        raise NoticeError(f"标题中的年份（{title.group(1)}年）与正文中的年份（{body.group(1)}年）不一致")
    found = title or body
    if not found:
        raise NoticeError(
            "未找到年份：请粘贴通知全文，包括标题“国务院办公厅关于××××年部分节假日安排的通知”"
            "或正文中的“现将××××年元旦……具体安排通知如下”"
        )
    year = int(found.group(1))
    if not 2000 <= year <= 2200:
        raise NoticeError(f"年份 {year} 不在可录入的范围内（2000–2200年）")
    return year


def _items(text: str) -> list[_Item]:
    items: list[_Item] = []
    for number, raw, segment in _segments(text):
        match = _ITEM.match(segment)
        if match:
            items.append(_Item(_number(match.group(1)), match.group(2), number, raw, segment[match.end() :]))
        elif items and ("放假" in segment or "上班" in segment) and _DATE.search(segment):
            # An item broken over two lines: its 上班 sentence on the next line.
            items[-1].body += segment
    return items


class _ItemReader:
    def __init__(self, item: _Item, year: int):
        self.item = item
        self.year = year
        self.is_new_year = "元旦" in item.name

    def error(self, message):
        return NoticeError(message, line=self.item.line, text=self.item.raw)

    def date(self, match, *, month, year, after=None) -> tuple[dt.date, int]:
        explicit_year, month_text, day_text, note = match.groups()
        if month_text:
            month = int(month_text)
        if month is None:
            raise self.error(f"“{match.group(0)}”没有月份")
        if explicit_year:
            year = int(explicit_year)
        elif after is not None and month < after.month:
            year = after.year + 1  # 12月31日至1月2日: the range runs into the next year
        elif after is not None:
            year = after.year
        elif self.is_new_year and month == 12:
            year = self.year - 1  # 元旦 starting in December of the year before
        else:
            year = self.year
        try:
            day = dt.date(year, month, int(day_text))
        except ValueError:
            raise self.error(f"“{match.group(0)}”不是有效日期") from None
        if note:
            weekday = re.search(r"(?:周|星期|礼拜)([一二三四五六日天])", note)
            if weekday and _WEEKDAYS[weekday.group(1)] != day.weekday():
                raise self.error(
                    f"{day.year}年{day.month}月{day.day}日是周{_WEEKDAY_NAMES[day.weekday()]}，"
                    f"不是括号中的“{weekday.group(0)}”，请核对日期"
                )
        return day, month

    def dates(self, sentence: str) -> list[dt.date]:
        """The dates of one sentence: single days separated by 、 and ranges A至B."""
        out: list[dt.date] = []
        matches = list(_DATE.finditer(sentence))
        month = None
        previous_end = 0
        previous = None
        for match in matches:
            between = sentence[previous_end : match.start()]
            is_range_end = previous is not None and _RANGE_SEP.match(between)
            day, month = self.date(match, month=month, year=self.year, after=previous if is_range_end else None)
            if is_range_end:
                if day <= previous:
                    raise self.error(f"日期范围的结束日 {day:%Y-%m-%d} 不在开始日 {previous:%Y-%m-%d} 之后")
                if (day - previous).days > 31:
                    raise self.error("日期范围超过31天，请核对")
                current = previous + dt.timedelta(days=1)
                while current <= day:
                    out.append(current)
                    current += dt.timedelta(days=1)
            else:
                if previous is not None and between not in ("、", ",", "和", "及"):
                    raise self.error(f"无法识别日期之间的“{between}”，应为“至”或“、”")
                out.append(day)
            previous = day
            previous_end = match.end()
        return out

    def read(self) -> list[NoticeDay]:
        days: list[NoticeDay] = []
        has_holiday = False
        for sentence in filter(None, re.split(r"[。;]", self.item.body)):
            is_work = "上班" in sentence
            is_off = "放假" in sentence or "休息" in sentence
            dates = self.dates(sentence)
            if not dates:
                if days:
                    # A sentence without dates after the item's dates: the closing paragraph
                    # (节假日期间……) of a notice pasted without line breaks. The item ends.
                    break
                continue
            if is_work and is_off:
                raise self.error(f"“{sentence}”同时写有放假和上班，请分成两句")
            if not (is_work or is_off):
                raise self.error(f"“{sentence}”中的日期既未写明放假也未写明上班")
            if is_off:
                has_holiday = True
                count = _COUNT.search(sentence)
                if count and _number(count.group(1)) != len(dates):
                    raise self.error(f"写明共{count.group(1)}天，但日期范围是{len(dates)}天，请核对")
            for day in dates:
                if is_work and day.weekday() < 5:
                    raise self.error(
                        f"{day.month}月{day.day}日是周{_WEEKDAY_NAMES[day.weekday()]}，本就是工作日，"
                        "不是调休上班日，请核对"
                    )
                days.append(NoticeDay(day, is_work, self.item.name, self.item.line))
        if not has_holiday:
            raise self.error("未找到放假日期，应形如“1月1日（周三）放假1天”或“10月1日至7日放假调休，共7天”")
        return days


def parse_notice(text: str) -> Notice:
    """Read the notice's text; raises ``NoticeError`` (Chinese, naming the line) when it cannot."""
    if not text or not text.strip():
        raise NoticeError("请粘贴通知全文")
    if len(text) > 20000:
        raise NoticeError("粘贴的内容过长（超过20000字），请只粘贴通知全文")
    year = _find_year(text)
    items = _items(text)
    if not items:
        raise NoticeError("未找到放假安排：应有形如“一、元旦：1月1日（周三）放假1天。”的条目")
    for expected, item in enumerate(items, start=1):
        if item.number != expected:
            raise NoticeError(
                f"条目序号不连续：这里应是第{expected}项，请检查是否漏粘了一项", line=item.line, text=item.raw
            )
    named = "".join(item.name for item in items)
    missing = [name for name in FESTIVALS if name not in named]
    if missing:
        raise NoticeError(f"未找到{'、'.join(missing)}的安排，请检查是否粘贴了通知全文")
    seen: dict[dt.date, NoticeDay] = {}
    for item in items:
        for day in _ItemReader(item, year).read():
            allowed = {year - 1: (12,), year: range(1, 13), year + 1: (1,)}
            if day.date.month not in allowed.get(day.date.year, ()):
                message = f"{day.date:%Y-%m-%d} 不属于{year}年（只可含上年12月或次年1月的日期）"
                raise NoticeError(message, line=item.line, text=item.raw)
            if day.date in seen:
                raise NoticeError(
                    f"{day.date:%Y-%m-%d} 已在第{seen[day.date].line}行出现过", line=item.line, text=item.raw
                )
            seen[day.date] = day
    flat = _normalise(text)
    doc = _DOC_NUMBER.search(flat)
    return Notice(
        year=year,
        title=f"国务院办公厅关于{year}年部分节假日安排的通知",
        document_number=f"{doc.group(1)}〔{doc.group(2)}〕{doc.group(3)}号" if doc else "",
        days=tuple(sorted(seen.values(), key=lambda d: d.date)),
    )
