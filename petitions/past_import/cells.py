"""One cell of a 信访台账 row read as what its column holds: text, a date, 是/否, a word, names.

Each reader returns the value or raises ``CellError`` with the reason, which the row check turns
into an issue naming the sheet, the row and the column. Dates are read here, and checked (not in
the future, not before 2000, not before the step before) by ``core.backfill`` in the row check.
"""

import datetime as dt
import re

from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from petitions.past_import import columns as C

# Excel's day numbers for 2000-01-01 and 2099-12-31: a plain number outside is no date.
_SERIALS = (36526, 73415)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2}))?$")
# Several names or words in one cell: 、 between names; ；(or ;) between 处理方式, whose labels contain 、.
NAME_SEPARATORS = re.compile(r"[；;、，,\n]+")
KIND_SEPARATORS = re.compile(r"[；;\n]+")


class CellError(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def day(value) -> dt.date | dt.datetime | None:
    """A date, or a datetime when the cell gives a time of day; None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time.min else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIALS[0] <= value <= _SERIALS[1]:
            raise CellError(f"数字“{value:g}”不是有效的日期")
        return day(from_excel(value))
    match = _DATE_TEXT.match(text(value))
    if not match:
        raise CellError("无法识别的日期，应写作 YYYY-MM-DD（如 2023-03-15）")
    year, month, dom, hour, minute = match.groups()
    try:
        if hour is not None:
            local = timezone.get_current_timezone()
            return dt.datetime(int(year), int(month), int(dom), int(hour), int(minute), tzinfo=local)
        return dt.date(int(year), int(month), int(dom))
    except ValueError:
        raise CellError("日期不存在") from None


def date_of(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def yes_no(value) -> bool:
    word = text(value)
    if word in ("", C.NO):
        return False
    if word == C.YES:
        return True
    raise CellError(f"应为“{C.YES}”或“{C.NO}”")


def word(value, words: dict[str, str], what: str) -> str:
    label = text(value)
    if label in words:
        return words[label]
    raise CellError(f"无法识别的{what}“{label}”，应为：{'、'.join(words)}")


def names(value) -> list[str]:
    return [n.strip() for n in NAME_SEPARATORS.split(text(value)) if n.strip()]


def kinds(value) -> list[str]:
    return [k.strip() for k in KIND_SEPARATORS.split(text(value)) if k.strip()]
