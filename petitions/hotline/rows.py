"""One export row checked and read as a work order: every problem an ``Issue`` naming the row and
column — never quoting the caller's name or phone (the identity columns show no value)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from core.backfill import CLOCK_SKEW
from core.import_issues import Issue, show_value
from petitions.hotline import fields as F
from petitions.hotline.reader import RawRow
from petitions.hotline.vocabulary import DEPARTMENT, Vocabulary
from petitions.identity import Identity

TICKET_MAX = 64
NAME_MAX, PHONE_MAX, UNIT_MAX, STATUS_MAX = 100, 50, 100, 50
SUMMARY_CHARS = 100
EARLIEST = dt.date(2000, 1, 1)
_SERIALS = (36526, 73415)  # Excel's day numbers of 2000-01-01 and 2099-12-31
_MOMENT = re.compile(
    r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})\s*秒?)?\s*分?)?$"
)


class CellError(Exception):
    pass


@dataclass
class TicketRow:
    sheet: str
    row: int
    ticket_no: str
    received_at: dt.datetime | None
    informant: Identity | None
    content: str
    category: object  # Category
    subject_department_id: int | None
    subject_person_id: int | None
    subject_text: str
    facts: dict  # the UPDATABLE fields and ticket_unit, as they are to be stored


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return show_value(value)
    return str(value).strip()


def moment(value) -> dt.datetime | dt.date | None:
    """A datetime (aware, local when the cell gives none), a date when it gives no time, None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIALS[0] <= value <= _SERIALS[1]:
            raise CellError(f"数字“{value:g}”不是有效的日期")
        return moment(from_excel(value))
    match = _MOMENT.match(text(value))
    if not match:
        raise CellError("无法识别的日期时间，应写作 YYYY-MM-DD HH:MM（如 2026-03-15 09:30）")
    y, mo, d, h, mi, s = match.groups()
    try:
        if h is None:
            return dt.date(int(y), int(mo), int(d))
        local = timezone.get_current_timezone()
        return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=local)
    except ValueError:
        raise CellError("日期不存在") from None


def _received(value) -> dt.datetime:
    at = moment(value)
    if at is None:
        raise CellError("请填写来电时间")
    if not isinstance(at, dt.datetime):
        at = timezone.make_aware(dt.datetime.combine(at, dt.time(9, 0)))
    if at > timezone.now() + CLOCK_SKEW:
        raise CellError("来电时间晚于当前时间")
    if timezone.localdate(at) < EARLIEST:
        raise CellError("来电时间早于 2000 年")
    return at


def _due(value) -> dt.date | None:
    at = moment(value)
    if isinstance(at, dt.datetime):
        return timezone.localdate(at)
    if at is not None and at < EARLIEST:
        raise CellError("办理时限早于 2000 年")
    return at


class RowChecker:
    """Checks rows one by one; remembers the file's 工单编号 to refuse a ticket given twice."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.seen: dict[str, tuple[str, int]] = {}

    def check(self, raw: RawRow) -> tuple[TicketRow | None, list[Issue]]:
        issues: list[Issue] = []

        def fail(field, reason):
            value = "" if field in F.IDENTITY else show_value(raw.values.get(field))
            issues.append(Issue(raw.sheet, raw.row, F.label(field), value, reason))

        for field, reason in raw.problems:
            fail(field, reason)
        if issues:
            return None, issues
        values = raw.values
        ticket_no = text(values.get(F.TICKET_NO))
        if not ticket_no:
            fail(F.TICKET_NO, "请填写工单编号")
        elif len(ticket_no) > TICKET_MAX:
            fail(F.TICKET_NO, f"工单编号超过 {TICKET_MAX} 个字符")
        elif ticket_no in self.seen:
            sheet, row = self.seen[ticket_no]
            fail(F.TICKET_NO, f"与工作表“{sheet}”第{row}行的工单编号重复")
        else:
            self.seen[ticket_no] = (raw.sheet, raw.row)
        parsed = {}
        for field, reader in ((F.RECEIVED_AT, _received), (F.TICKET_DUE, _due)):
            try:
                parsed[field] = reader(values.get(field))
            except CellError as exc:
                fail(field, str(exc))
        content = text(values.get(F.CONTENT))
        if not content:
            fail(F.CONTENT, "请填写诉求内容")
        category = None
        word = text(values.get(F.CATEGORY))
        if not word:
            fail(F.CATEGORY, "请填写诉求类型")
        else:
            category = self.vocabulary.category(word)
            if category is None:
                fail(F.CATEGORY, "诉求类型未对应到问题类别，请先在取值对应中确定")
        satisfaction = ""
        word = text(values.get(F.SATISFACTION))
        if word:
            satisfaction = self.vocabulary.satisfaction(word) or ""
            if not satisfaction:
                fail(F.SATISFACTION, "满意度未对应，请先在取值对应中确定")
        subject_text = text(values.get(F.SUBJECT))
        department_id = person_id = None
        if subject_text:
            subject = self.vocabulary.subject(subject_text)
            if subject is False:
                fail(F.SUBJECT, "被投诉对象未对应到部门或人员，请先在取值对应中确定（可确定为“不对应”）")
            elif subject is not None:
                department_id, person_id = (subject[1], None) if subject[0] == DEPARTMENT else (None, subject[1])
        name, phone = text(values.get(F.NAME)), text(values.get(F.PHONE))
        for field, value, limit in ((F.NAME, name, NAME_MAX), (F.PHONE, phone, PHONE_MAX)):
            if len(value) > limit:
                fail(field, f"超过 {limit} 个字符")
        facts = {
            "ticket_unit": text(values.get(F.TICKET_UNIT)),
            "ticket_status": text(values.get(F.TICKET_STATUS)),
            "callback_result": text(values.get(F.CALLBACK)),
            "satisfaction": satisfaction,
            "ticket_due": parsed.get(F.TICKET_DUE),
        }
        for field, limit in ((F.TICKET_UNIT, UNIT_MAX), (F.TICKET_STATUS, STATUS_MAX)):
            if len(facts[field]) > limit:
                fail(field, f"超过 {limit} 个字符")
        if issues:
            return None, issues
        informant = Identity(name=name, phone=phone) if name or phone else None
        row = TicketRow(
            sheet=raw.sheet,
            row=raw.row,
            ticket_no=ticket_no,
            received_at=parsed[F.RECEIVED_AT],
            informant=informant,
            content=content,
            category=category,
            subject_department_id=department_id,
            subject_person_id=person_id,
            subject_text=subject_text,
            facts=facts,
        )
        return row, []


def summary_of(content: str) -> str:
    flat = " ".join(content.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[: SUMMARY_CHARS - 1] + "…"
