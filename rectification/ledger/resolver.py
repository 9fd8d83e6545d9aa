"""Resolving a parsed ledger's rows before anything is written: deadlines read, status words and
progress notes told apart, departments and people matched by name (new ones planned, created
only when the import is written by ``rectification.ledger.importer``)."""

import re
import unicodedata
from dataclasses import dataclass, field

from organization.models import Department, Person
from rectification.ledger import columns as C
from rectification.ledger import record as R
from rectification.ledger.deadline_text import DeadlineUnreadable, ParsedDeadline, RoundDates, parse_deadline
from rectification.ledger.issues import Issue, show_value
from rectification.ledger.parser import ParsedLedger, RawMeasure
from rectification.ledger.words import read_status
from rectification.models import MeasureStatus

# -- names -----------------------------------------------------------------------------------

_SPLIT = re.compile(r"[、，,；;/／\n]+|\s{1,}")
_ROLE_MARK = re.compile(r"[（(]\s*(牵头|配合|协办|主责|负责)\s*[)）]")
_PAREN = re.compile(r"^(.+?)\s*[（(]([^）)]*)[)）]$")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text or "") if part and part.strip()]


def split_departments(lead_cell: str, co_cell: str) -> tuple[str | None, list[str]]:
    """责任部门 "办公室（牵头）、财务处" or "牵头：办公室；配合：财务处" plus an optional 配合部门 column."""
    text = unicodedata.normalize("NFKC", lead_cell or "")
    co_text = unicodedata.normalize("NFKC", co_cell or "")
    if "配合" in text and not _ROLE_MARK.search(text):
        text, extra = text.split("配合", 1)
        co_text = f"{extra.lstrip(':： ')}、{co_text}"
    lead, co = None, []
    for part in split_names(re.sub(r"牵头\s*[:：]", "", text)):
        marked = _ROLE_MARK.search(part)
        name = _ROLE_MARK.sub("", part).strip()
        if not name:
            continue
        if marked and marked[1] in ("配合", "协办"):
            co.append(name)
        elif lead is None:
            lead = name
        else:
            co.append(name)
    co += [_ROLE_MARK.sub("", n).strip() for n in split_names(co_text)]
    co = list(dict.fromkeys(n for n in co if n and n != lead))
    return lead, co


def person_name(part: str) -> tuple[str, str]:
    """ "王建国（局长）" -> ("王建国", "局长")."""
    part = unicodedata.normalize("NFKC", part).strip()
    if m := _PAREN.match(part):
        return m[1].strip(), m[2].strip()
    return part, ""


class Directory:
    """Departments and people by name, loaded once; new ones are planned, created on write."""

    def __init__(self):
        self.departments = {d.name: d for d in Department.objects.all()}
        self.people = {}
        for person in Person.objects.order_by("id"):
            self.people.setdefault(person.name, []).append(person)
        self.new_departments = {}
        self.new_people = {}  # name -> Person (unsaved)

    def department(self, name):
        if name in self.departments:
            return self.departments[name]
        if name not in self.new_departments:
            self.new_departments[name] = Department(name=name[:100])
        return self.new_departments[name]

    def person(self, name, title, *, leader, warn):
        found = self.people.get(name, [])
        if len(found) > 1:
            preferred = [p for p in found if p.is_leader] if leader else []
            choice = (preferred or found)[0]
            warn(f"系统中有 {len(found)} 位名为“{name}”的人员，已对应到编号 {choice.pk} 的记录，请核对")
            return choice
        if found:
            return found[0]
        if name not in self.new_people:
            self.new_people[name] = Person(name=name[:50], title=title[:100], is_leader=leader)
        return self.new_people[name]


# -- resolving rows ------------------------------------------------------------------------------


@dataclass
class ResolvedRow:
    raw: RawMeasure
    deadline: object = None
    status: str = MeasureStatus.NOT_STARTED
    status_word: str = ""
    progress: str = ""
    leader: object = None
    lead_department: object = None
    co_departments: list = field(default_factory=list)
    person: object = None
    remarks: str = ""
    # From an exported ledger's hidden 完成时限数据: the date the ledger set, and an approved extension.
    original_due_date: object = None
    due_date_manual: bool = False


class Resolver:
    """Reads every row of ``parsed``: what stops the import goes to its issues, what merits a
    look to its warnings."""

    def __init__(self, parsed: ParsedLedger, dates: RoundDates):
        self.parsed = parsed
        self.dates = dates
        self.directory = Directory()
        self.rows = []

    def issue(self, raw, name, value, reason):
        self.parsed.issues.append(Issue(raw.sheet, raw.row, raw.layout.column(name), show_value(value), reason))

    def warn(self, raw, name, value, reason):
        self.parsed.warnings.append(Issue(raw.sheet, raw.row, raw.layout.column(name), show_value(value), reason))

    def run(self):
        for problem in self.parsed.problems:
            for raw in problem.measures:
                self.rows.append(self.resolve(raw))
        return self.rows

    def resolve(self, raw: RawMeasure) -> ResolvedRow:
        row = ResolvedRow(raw=raw, remarks=raw.text(C.NOTE))
        if C.DEADLINE in raw.layout.columns and not self.resolve_record(raw, row):
            value = raw.cells.get(C.DEADLINE)
            try:
                row.deadline = parse_deadline(value, self.dates)
            except DeadlineUnreadable as exc:
                self.issue(raw, C.DEADLINE, value, exc.reason)
            if row.deadline is not None:
                row.original_due_date = row.deadline.due_date
        self.resolve_status(raw, row)
        self.resolve_people(raw, row)
        return row

    def resolve_record(self, raw, row) -> bool:
        """The deadline as an export stored it (hidden 完成时限数据), while the visible cell still says
        what was exported; the 备注 loses what the export added to it."""
        if C.DEADLINE_RECORD not in raw.layout.columns:
            return False
        record = R.decode(raw.cells.get(C.DEADLINE_RECORD))
        if record is None:
            return False
        if record.cell != raw.text(C.DEADLINE):
            self.warn(raw, C.DEADLINE, raw.cells.get(C.DEADLINE), "完成时限在导出后已修改，已按单元格内容重新识别")
            return False
        row.deadline = ParsedDeadline(record.kind, record.due_date, record.text, record.warning)
        row.original_due_date = record.original_due_date if record.manual else record.due_date
        row.due_date_manual = record.manual and row.original_due_date is not None
        tail = R.remarks_tail(
            manual=record.manual, original=record.original_due_date, due=record.due_date, warning=record.warning
        )
        row.remarks = R.own_remarks(row.remarks, tail)
        return True

    def resolve_status(self, raw, row):
        notes = []
        status = None
        for name in (C.COMPLETION, C.PROGRESS):
            text = raw.text(name)
            found, only_word = read_status(text)
            if found and status is None:
                status, row.status_word = found, text
            if text and not only_word:
                notes.append(text)
        row.progress = "\n".join(notes)
        row.status = status or (MeasureStatus.IN_PROGRESS if row.progress else MeasureStatus.NOT_STARTED)

    def resolve_people(self, raw, row):
        lead_name, co_names = split_departments(raw.text(C.DEPARTMENT), raw.text(C.CO_DEPARTMENTS))
        if lead_name:
            row.lead_department = self.directory.department(lead_name)
        elif C.DEPARTMENT in raw.layout.columns:
            self.warn(raw, C.DEPARTMENT, "", "未填写责任部门：责任部门联络员将看不到该措施")
        row.co_departments = [self.directory.department(n) for n in co_names]
        row.leader = self.one_person(raw, C.LEADER, leader=True)
        row.person = self.one_person(raw, C.PERSON, leader=False)

    def one_person(self, raw, name, *, leader):
        parts = split_names(raw.text(name))
        if not parts:
            return None
        if len(parts) > 1:
            self.warn(raw, name, raw.text(name), f"填写了多人，仅第一位“{parts[0]}”记为{C.caption(name)}")
        person, title = person_name(parts[0])
        return self.directory.person(person, title, leader=leader, warn=lambda msg: self.warn(raw, name, person, msg))
