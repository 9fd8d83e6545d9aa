"""Resolving a parsed ledger's rows before anything is written: deadlines read, status words and
progress notes told apart, departments and people matched by name (new ones planned, created
only when the import is written by ``rectification.ledger.importer``)."""

import re
import unicodedata
from dataclasses import dataclass, field

from core.errors import ApplicationError
from organization.models import Department, DepartmentAlias, Person, PersonAlias
from rectification.ledger import columns as C
from rectification.ledger import names as N
from rectification.ledger import record as R
from rectification.ledger.deadline_text import DeadlineUnreadable, ParsedDeadline, RoundDates, parse_deadline
from rectification.ledger.issues import Issue, show_value
from rectification.ledger.names import NameDecisions
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
    """Departments and people by name and alias, loaded once; every name of the file is matched
    (``rectification.ledger.names``); new ones are planned, created on write."""

    def __init__(self, names: NameDecisions | None = None, *, create_missing: bool = False):
        self.departments = {d.name: d for d in Department.objects.all()}
        self.department_ids = {d.pk: d for d in self.departments.values()}
        self.department_aliases = {a.alias: a.department for a in DepartmentAlias.objects.select_related("department")}
        self.people: dict = {}
        for person in Person.objects.order_by("id"):
            self.people.setdefault(person.name, []).append(person)
        self.person_ids = {p.pk: p for found in self.people.values() for p in found}
        self.person_aliases = {a.alias: a.person for a in PersonAlias.objects.select_related("person")}
        self.decisions = names or NameDecisions()
        self.create_missing = create_missing
        self.matches: dict = {}  # (kind, name) -> NameMatch, in the order first seen
        self.wrong_decisions: list = []
        self.new_departments: dict = {}  # name -> Department (unsaved), created on write
        self.new_people: dict = {}  # name -> Person (unsaved)
        self._close: dict = {}

    def _close_index(self, kind):
        if kind not in self._close:
            by_name = {n: [d] for n, d in self.departments.items()} if kind == N.DEPARTMENT else self.people
            self._close[kind] = N.CloseIndex(kind, by_name)
        return self._close[kind]

    def _match(self, kind, name, where, exact, aliases) -> N.NameMatch:
        key = (kind, name)
        match = self.matches.get(key)
        if match is None:
            if exact is not None:
                match = N.NameMatch(kind, name, N.EXACT, target=exact)
            elif name in aliases:
                match = N.NameMatch(kind, name, N.ALIAS, target=aliases[name])
            else:
                candidates = self._close_index(kind).candidates(name)
                match = N.NameMatch(kind, name, N.CLOSE if candidates else N.NONE, candidates=candidates)
                self._decide(match)
            self.matches[key] = match
        match.seen(*where)
        return match

    def _decide(self, match):
        decision = self.decisions.get((match.kind, match.name))
        if decision is None and self.create_missing:
            decision = N.NameDecision()
        if decision is None or decision.create:
            match.decision = decision
            return
        records = self.department_ids if match.kind == N.DEPARTMENT else self.person_ids
        target = records.get(decision.target_id)
        if target is None:
            label = N.KIND_LABELS[match.kind]
            self.wrong_decisions.append(f"{label}“{match.name}”要对应的{label}（编号 {decision.target_id}）不存在")
            return
        match.decision, match.target = decision, target

    def department(self, name, where=("", None)):
        match = self._match(N.DEPARTMENT, name, where, self.departments.get(name), self.department_aliases)
        if match.target is not None:
            return match.target
        if name not in self.new_departments:
            self.new_departments[name] = Department(name=name[:100])
        return self.new_departments[name]

    def person(self, name, title, *, leader, warn, where=("", None)):
        found = self.people.get(name, [])
        exact = None
        if len(found) > 1:
            preferred = [p for p in found if p.is_leader] if leader else []
            exact = (preferred or found)[0]
            warn(f"系统中有 {len(found)} 位名为“{name}”的人员，已对应到编号 {exact.pk} 的记录，请核对")
        elif found:
            exact = found[0]
        match = self._match(N.PERSON, name, where, exact, self.person_aliases)
        if match.target is not None:
            return match.target
        if name not in self.new_people:
            self.new_people[name] = Person(name=name[:50], title=title[:100], is_leader=leader)
        return self.new_people[name]

    def undecided(self) -> list:
        return [m for m in self.matches.values() if m.undecided]

    def created_names(self, kind) -> list:
        return sorted(m.name for m in self.matches.values() if m.kind == kind and m.creates)

    def check(self, *, dry_run: bool):
        """Refuse decisions naming records that do not exist, and (unless a dry run) undecided names."""
        if self.wrong_decisions:
            message = "；".join(self.wrong_decisions)
            raise ApplicationError(message, code="names_invalid", detail={"names": self.wrong_decisions})
        if not dry_run and (undecided := self.undecided()):
            raise N.NamesUndecided(undecided)

    def outcome(self, kind, name) -> str:
        match = self.matches.get((kind, name))
        return match.outcome() if match else ""


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
    names: list = field(default_factory=list)  # [(role caption, kind, name as the file wrote it)]


class Resolver:
    """Reads every row of ``parsed``: what stops the import goes to its issues, what merits a
    look to its warnings."""

    def __init__(self, parsed: ParsedLedger, dates: RoundDates, directory: Directory | None = None):
        self.parsed = parsed
        self.dates = dates
        self.directory = directory or Directory()
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
        where = (raw.sheet, raw.row)
        if lead_name:
            row.lead_department = self.directory.department(lead_name, where)
            row.names.append((C.caption(C.DEPARTMENT), N.DEPARTMENT, lead_name))
        elif C.DEPARTMENT in raw.layout.columns:
            self.warn(raw, C.DEPARTMENT, "", "未填写责任部门：责任部门联络员将看不到该措施")
        row.co_departments = [self.directory.department(n, where) for n in co_names]
        row.names += [(C.caption(C.CO_DEPARTMENTS), N.DEPARTMENT, n) for n in co_names]
        row.leader = self.one_person(raw, row, C.LEADER, leader=True)
        row.person = self.one_person(raw, row, C.PERSON, leader=False)

    def one_person(self, raw, row, name, *, leader):
        parts = split_names(raw.text(name))
        if not parts:
            return None
        if len(parts) > 1:
            self.warn(raw, name, raw.text(name), f"填写了多人，仅第一位“{parts[0]}”记为{C.caption(name)}")
        person, title = person_name(parts[0])
        row.names.append((C.caption(name), N.PERSON, person))
        return self.directory.person(
            person,
            title,
            leader=leader,
            warn=lambda msg: self.warn(raw, name, person, msg),
            where=(raw.sheet, raw.row),
        )
