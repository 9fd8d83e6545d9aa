"""Each row of a 信访台账 checked into what the services will be given, or issues naming the sheet,
row and column of every problem.

A row is one petition: its registration (收到日期 and the intake facts) and each step it has a
date for. Which steps a row must and may have follows its 状态 (``STEPS``); each date is checked
by ``core.backfill.step_day`` against the step before it, so a 受理日期 before the 收到日期, or a
date in the future, is named here with the column it is in.

Numbers: the file's 编号 (信〔年〕N号, the year being the year received) is kept. A 编号 already
in the system on a petition received the same day is the same row imported before: it is skipped
(已存在); on another petition it is an error. The services number gap-free from each year's
counter, so a 编号 not above the year's last number cannot be kept and is an error too.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from core.backfill import step_day
from core.errors import ApplicationError
from core.import_issues import Issue, show_value
from petitions.exports import RESTRICTED_TEXT
from petitions.identity import Identity
from petitions.identity_input import clean_detail
from petitions.models import ContactMethod, Status
from petitions.numbering import petition_number
from petitions.past_import import cells
from petitions.past_import import columns as C
from petitions.past_import.cells import CellError

_NUMBER = re.compile(r"^信[〔\[（(]\s*(\d{4})\s*[〕\]）)]\s*(\d{1,6})\s*号$")

# 状态 -> (steps it must have, steps it may have). A step is named by its date column.
_ALL_STEPS = {C.ACCEPTED, C.REJECTED, C.ESCALATED, C.TRANSFERRED, C.REPLIED, C.CONCLUDED}
STEPS = {
    Status.REGISTERED: (set(), set()),
    Status.ACCEPTED: ({C.ACCEPTED}, set()),
    Status.REJECTED: (set(), {C.REJECTED}),  # the export has no 不予受理日期: the 收到日期 then
    Status.ESCALATED: ({C.ESCALATED}, {C.ACCEPTED}),
    Status.TRANSFERRED: ({C.ACCEPTED, C.TRANSFERRED}, set()),
    Status.REPLIED: ({C.ACCEPTED, C.TRANSFERRED, C.REPLIED}, set()),
    Status.HANDLING: ({C.ACCEPTED}, set()),
    Status.CONCLUDED: ({C.ACCEPTED, C.CONCLUDED}, {C.TRANSFERRED, C.REPLIED}),
}


@dataclass
class PastRow:
    sheet: str
    row: int
    year: int
    seq: int
    number: str
    status: str
    register: dict  # petition_register's data
    informant: Identity | None
    dates: dict  # date column -> date or datetime (the steps the row has)
    transfer_department: object = None
    transfer_summary: str = ""
    reply: str = ""
    result: str = ""
    outcomes: list = field(default_factory=list)
    reject_reason: str = ""
    notify_method: str = ContactMethod.OTHER
    feedback_method: str = ContactMethod.OTHER


def parse_number(value, received) -> tuple[int, int]:
    match = _NUMBER.match(cells.text(value))
    if not match:
        raise CellError("编号应为“信〔年份〕N号”，如 信〔2023〕15号")
    year, seq = int(match[1]), int(match[2])
    if seq < 1:
        raise CellError("编号的序号应从 1 开始")
    if isinstance(received, dt.date) and year != received.year:
        raise CellError(f"编号年份 {year} 与收到日期的年份 {received.year} 不一致（信访件按收到年度编号）")
    return year, seq


class RowCheck:
    """The problems of one row, gathered (every column's, not only the first)."""

    def __init__(self, raw):
        self.raw, self.issues = raw, []

    def add(self, column, reason, value=None):
        shown = "" if column in C.IDENTITY else show_value(value)
        self.issues.append(Issue(sheet=self.raw.sheet, row=self.raw.row, column=column, value=shown, reason=reason))

    def read(self, column, reader, *args):
        value = self.raw.cells.get(column)
        try:
            return reader(value, *args)
        except CellError as exc:
            self.add(column, exc.reason, value)
            return None

    def text(self, column) -> str:
        return cells.text(self.raw.cells.get(column))


def _step_date(check, column, previous, previous_label):
    """The date of a step's column, checked by core.backfill (future, before 2000, before ``previous``)."""
    value = check.read(column, cells.day)
    if value is None:
        return None
    try:
        step_day(cells.date_of(value), field=column, label=column, not_before=previous, not_before_label=previous_label)
    except ApplicationError as exc:
        check.add(column, exc.message, value)
        return None
    return value


def _dates(check, status, received):
    """The step dates the 状态 calls for, each after the one it follows."""
    must, may = STEPS[status]
    dates = {}
    for column in sorted(_ALL_STEPS):
        present = check.raw.cells.get(column) not in (None, "")
        if column in must and not present:
            check.add(column, f"状态为“{Status(status).label}”的信访件须填写{column}")
        elif present and column not in must | may:
            check.add(column, f"状态为“{Status(status).label}”的信访件不应有{column}", check.raw.cells.get(column))
    chain = [(C.RECEIVED, received)]

    def after(column, *before):
        previous = next(((c, d) for c, d in reversed(chain) if c in before and d is not None), chain[0])
        if column in must | may:
            dates[column] = _step_date(check, column, cells.date_of(previous[1]), previous[0])
            chain.append((column, dates[column]))

    after(C.ACCEPTED, C.RECEIVED)
    after(C.REJECTED, C.RECEIVED)
    after(C.ESCALATED, C.ACCEPTED, C.RECEIVED)
    after(C.TRANSFERRED, C.ACCEPTED)
    after(C.REPLIED, C.TRANSFERRED)
    after(C.CONCLUDED, C.REPLIED, C.ACCEPTED)
    for column, before in ((C.NOTIFIED, C.RECEIVED), (C.FEEDBACK, C.CONCLUDED)):
        if check.raw.cells.get(column) not in (None, ""):
            base = dict(chain).get(before)
            dates[column] = _step_date(check, column, cells.date_of(base), before)
    return {c: d for c, d in dates.items() if d is not None}


def _informant(check, named):
    given = {key: check.text(column) for column, key in C.IDENTITY.items() if check.text(column)}
    if not given:
        if named:
            check.add(
                C.INFORMANT_NAME,
                "实名件须填写举报人姓名和联系电话（导出的信访台账不含举报人身份，请补充“举报人姓名”“联系电话”两列）",
            )
        return None
    if not named:
        check.add(next(c for c, k in C.IDENTITY.items() if k in given), "匿名件不填写举报人信息")
        return None
    for key in ("name", "phone"):
        if key not in given:
            check.add(next(c for c, k in C.IDENTITY.items() if k == key), "实名件须填写举报人姓名和联系电话")
    cleaned = {}
    for column, key in C.IDENTITY.items():
        try:
            cleaned[key] = clean_detail(key, given.get(key, ""))
        except ApplicationError as exc:
            check.add(column, exc.message)
    return Identity(**cleaned)


def _outcomes(check, directory, status):
    kinds = check.read(C.OUTCOME_KINDS, cells.kinds) or []
    people = [(C.OUTCOME_PEOPLE, n) for n in cells.names(check.raw.cells.get(C.OUTCOME_PEOPLE))]
    departments = [(C.OUTCOME_DEPARTMENTS, n) for n in cells.names(check.raw.cells.get(C.OUTCOME_DEPARTMENTS))]
    targets = people + departments
    if not kinds and not targets:
        return []
    if status != Status.CONCLUDED:
        check.add(C.OUTCOME_KINDS, "只有已办结的信访件有处理结果", "；".join(kinds))
        return []
    words = []
    for label in kinds:
        try:
            words.append(cells.word(label, C.OUTCOMES, "处理方式"))
        except CellError as exc:
            check.add(C.OUTCOME_KINDS, exc.reason, label)
    if not targets:
        check.add(C.OUTCOME_PEOPLE, "填写了处理方式，须填写被处理人或被处理部门")
        return []
    if len(kinds) not in (1, len(targets)):
        check.add(
            C.OUTCOME_KINDS,
            f"处理方式有 {len(kinds)} 项，被处理人和被处理部门共 {len(targets)} 个：应一一对应"
            "（按先人员后部门的顺序），或只写一项处理方式适用于全部",
            "；".join(kinds),
        )
        return []
    if len(words) != len(kinds):
        return []
    outcomes = []
    for i, (column, name) in enumerate(targets):
        kind = words[0] if len(words) == 1 else words[i]
        try:
            who = directory.person(name) if column == C.OUTCOME_PEOPLE else directory.department(name)
        except CellError as exc:
            check.add(column, exc.reason, name)
            continue
        outcomes.append({"kind": kind, "person" if column == C.OUTCOME_PEOPLE else "department": who})
    return outcomes


def _restricted_reason(check, status):
    """报送上级: the reason, from its own column or from the export's 内容摘要 (which says only that)."""
    if status != Status.ESCALATED:
        return ""
    label = check.text(C.ESCALATE_REASON)
    summary = check.text(C.SUMMARY)
    if not label and summary.startswith(RESTRICTED_TEXT):
        label = summary[len(RESTRICTED_TEXT) :]
    if not label:
        check.add(C.ESCALATE_REASON, f"已报送上级的信访件须写明原因：{'、'.join(C.RESTRICTED_REASONS)}")
        return ""
    try:
        return cells.word(label, C.RESTRICTED_REASONS, "报送上级原因")
    except CellError as exc:
        check.add(C.ESCALATE_REASON, exc.reason, label)
        return ""


def _intake(check, directory, status, named):
    reason = _restricted_reason(check, status)
    data = {
        "channel": check.read(C.CHANNEL, cells.word, C.CHANNELS, "渠道"),
        "kind": check.read(C.KIND, cells.word, C.KINDS, "类别"),
        "is_named": named,
        "is_repeat": bool(check.read(C.REPEAT, cells.yes_no)),
    }
    if reason:  # 上级管辖件: the fact and time only (检举控告工作规则 第十五条)
        for column in (C.CATEGORY, C.SUBJECT_PERSON, C.SUBJECT_DEPARTMENT, C.CONTENT, *C.IDENTITY):
            if check.text(column):
                check.add(column, "上级管辖件不录入此项", None if column in C.IDENTITY else check.text(column))
        if named:
            check.add(C.NAMED, "上级管辖件不录入举报人信息", C.YES)
        return data | {"restricted_reason": reason}
    for column, key, lookup in (
        (C.CATEGORY, "category", directory.category),
        (C.SUBJECT_PERSON, "subject_person", directory.person),
        (C.SUBJECT_DEPARTMENT, "subject_department", directory.department),
    ):
        name = check.text(column)
        if name:
            data[key] = check.read(column, lambda _v, n=name, f=lookup: f(n))
        elif column == C.CATEGORY:
            check.add(column, "请填写问题类别")
    data["summary"] = check.text(C.SUMMARY)
    if not data["summary"]:
        check.add(C.SUMMARY, "请填写内容摘要")
    data["content"] = check.text(C.CONTENT)
    return data


def check_row(raw, directory, number) -> tuple[PastRow | None, list[Issue]]:
    """The row ready for the services, or None and its issues. ``number``: the row's (year, seq),
    already read and checked against the file and the system (``None`` when it failed)."""
    check = RowCheck(raw)
    received = check.read(C.RECEIVED, cells.day)
    if raw.cells.get(C.RECEIVED) in (None, ""):
        check.add(C.RECEIVED, "请填写收到日期")
    elif received is not None:
        try:
            step_day(cells.date_of(received), field=C.RECEIVED, label=C.RECEIVED)
        except ApplicationError as exc:
            check.add(C.RECEIVED, exc.message, received)
            received = None
    status = check.read(C.STATUS, cells.word, C.STATUSES, "状态")
    named = bool(check.read(C.NAMED, cells.yes_no))
    register = _intake(check, directory, status, named)
    informant = None if register.get("restricted_reason") else _informant(check, named)
    dates = _dates(check, status, received) if status is not None and received is not None else {}
    row = PastRow(
        sheet=raw.sheet,
        row=raw.row,
        year=number[0] if number else 0,
        seq=number[1] if number else 0,
        number=petition_number(*number) if number else "",
        status=status or "",
        register=register | {"received_at": received},
        informant=informant,
        dates=dates,
        transfer_summary=check.text(C.TRANSFER_SUMMARY),
        reply=check.text(C.REPLY),
        result=check.text(C.RESULT),
        reject_reason=check.text(C.REJECT_REASON) or check.text(C.RESULT),
    )
    name = check.text(C.TRANSFER_DEPARTMENT)
    if name and C.TRANSFERRED not in STEPS.get(status, (set(), set()))[0] | STEPS.get(status, (set(), set()))[1]:
        check.add(C.TRANSFER_DEPARTMENT, "该状态的信访件没有转办", name)
    elif name:
        row.transfer_department = check.read(C.TRANSFER_DEPARTMENT, lambda _v: directory.department(name))
    elif raw.cells.get(C.TRANSFERRED) not in (None, ""):
        check.add(C.TRANSFER_DEPARTMENT, "填写了转办日期，须填写转办部门")
    if status == Status.CONCLUDED:
        if (C.TRANSFERRED in dates) != (C.REPLIED in dates) and not check.issues:
            check.add(C.REPLIED, "已办结的转办件须填写转办日期和部门反馈日期（直接办理的两项都不填）")
        if not row.result:
            check.add(C.RESULT, "已办结的信访件须填写办理结果")
    row.outcomes = _outcomes(check, directory, status)
    for column, attr in ((C.NOTIFY_METHOD, "notify_method"), (C.FEEDBACK_METHOD, "feedback_method")):
        if check.text(column):
            method = check.read(column, cells.word, C.CONTACT_METHODS, column)
            if method:
                setattr(row, attr, method)
    return (None if check.issues else row), check.issues
