"""Importing a past year's 信访台账: read, check every row, then write every row or none.

The command ``import_past_petitions``, the API (``POST /api/v1/petition-imports/``) and the page
(信访件 → 导入往年信访件) call ``import_past_petitions``. A dry run does everything a real import
does — each row through the services, so their refusals are found too — and rolls it all back;
a real import commits only when no row failed. Nobody is notified of the imported steps
(``core.workflow.steps_untold``): they happened long ago.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from core.audit import log_event
from core.db import analyze_after_commit
from core.errors import PermissionDeniedError
from core.import_issues import Issue, LedgerInvalid, file_issue, show_value
from core.models import AuditLog
from core.workflow import steps_untold
from petitions import permissions
from petitions.models import Petition, PetitionEvent, PetitionOutcome, Status
from petitions.past_import import cells
from petitions.past_import import columns as C
from petitions.past_import.directory import Directory
from petitions.past_import.reader import read_rows
from petitions.past_import.rows import check_row, parse_number
from petitions.past_import.store import RowFailed, store_row

TARGET = "往年信访件导入"


@dataclass
class PastImportSummary:
    dry_run: bool
    sheets: list
    rows: int = 0
    added: int = 0  # petitions written (or, in a dry run, that would be)
    existing: list = field(default_factory=list)  # {sheet, row, number}: imported before, skipped
    by_year: dict = field(default_factory=dict)  # received year -> petitions
    by_status: dict = field(default_factory=dict)  # 状态 label -> petitions
    outcomes: int = 0
    ignored_columns: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # the first rows, as the check table shows them

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "sheets": self.sheets,
            "rows": self.rows,
            "added": self.added,
            "existing": self.existing,
            "by_year": self.by_year,
            "by_status": self.by_status,
            "outcomes": self.outcomes,
            "ignored_columns": self.ignored_columns,
            "preview": self.preview,
        }


PREVIEW_ROWS = 50


class _Rollback(Exception):  # noqa: N818 - control flow: undo the file's writes
    pass


def _numbers(raw_rows, issues):
    """Each row's (year, seq) from its 编号, checked against the file itself; None where it failed."""
    numbers, seen = {}, {}
    for raw in raw_rows:
        value = raw.cells.get(C.NUMBER)
        try:
            received = cells.date_of(cells.day(raw.cells.get(C.RECEIVED)))
        except cells.CellError:
            received = None  # reported by the row check
        try:
            year, seq = parse_number(value, received)
        except cells.CellError as exc:
            issues.append(Issue(raw.sheet, raw.row, C.NUMBER, show_value(value), exc.reason))
            continue
        number = cells.text(value)
        if (year, seq) in seen:
            first = seen[(year, seq)]
            reason = f"与工作表“{first.sheet}”第{first.row}行的编号重复"
            issues.append(Issue(raw.sheet, raw.row, C.NUMBER, number, reason))
            continue
        seen[(year, seq)] = raw
        numbers[id(raw)] = (year, seq)
    return numbers


def _against_system(raw, number, directory, received, issues, existing) -> bool:
    """True when the row is to be written: not imported before, and its 编号 can still be issued."""
    text = f"信〔{number[0]}〕{number[1]}号"
    if text in directory.taken:
        if received is not None and directory.taken[text] == received:
            existing.append({"sheet": raw.sheet, "row": raw.row, "number": text})
        else:
            reason = f"编号 {text} 已被系统中收到日期为 {directory.taken[text]:%Y-%m-%d} 的另一件信访件使用"
            issues.append(Issue(raw.sheet, raw.row, C.NUMBER, text, reason))
        return False
    last = directory.last.get(number[0], 0)
    if number[1] <= last:
        reason = (
            f"{number[0]}年已编至第 {last} 号，{text} 无法保留（系统按年度连续编号）；"
            "请核对编号，或把已在系统中的信访件从文件中删去"
        )
        issues.append(Issue(raw.sheet, raw.row, C.NUMBER, text, reason))
        return False
    return True


def _preview(row):
    return {
        "sheet": row.sheet,
        "row": row.row,
        "number": row.number,
        "received": show_value(row.register["received_at"]),
        "status": Status(row.status).label,
        "steps": "、".join(f"{c} {show_value(d)}" for c, d in row.dates.items()),
        "outcomes": len(row.outcomes),
    }


def import_past_petitions(*, source, user, dry_run=False, request=None) -> PastImportSummary:
    """Import the petitions of ``source`` (bytes or a file object) as ``user``, or check them (``dry_run``).

    Raises ``LedgerInvalid`` listing every problem (sheet, row, column, value, reason) and writes
    nothing then; ``PermissionDeniedError`` unless the user is 纪检干部 or 纪检负责人."""
    if not permissions.can_register(user):
        raise PermissionDeniedError("只有纪检干部、纪检负责人可以导入往年信访件")
    raw_rows, layout = read_rows(source)
    if not raw_rows:
        raise file_issue("信访台账中没有数据行")
    issues: list[Issue] = []
    numbers = _numbers(raw_rows, issues)
    directory = Directory(raw_rows, {f"信〔{y}〕{s}号": (y, s) for y, s in numbers.values()})
    summary = PastImportSummary(dry_run=dry_run, sheets=layout.sheets, rows=len(raw_rows))
    summary.ignored_columns = layout.ignored
    checked = []
    for raw in raw_rows:
        number = numbers.get(id(raw))
        row, found = check_row(raw, directory, number)
        issues += found
        if row is None or number is None:
            continue
        received = cells.date_of(row.register["received_at"])
        if _against_system(raw, number, directory, received, issues, summary.existing):
            checked.append(row)
    checked.sort(key=lambda r: (r.year, r.seq))  # the counter issues each year's numbers in order
    try:
        with steps_untold(), transaction.atomic():
            counters = dict(directory.last)
            for row in checked:
                try:
                    store_row(user, row, counters)
                except RowFailed as failed:
                    issues.append(failed.issue)
            if issues or dry_run:
                raise _Rollback
            # a past year loaded at once leaves the planner no statistics until autovacuum (issue 18)
            analyze_after_commit(Petition, PetitionEvent, PetitionOutcome, rows=len(checked))
    except _Rollback:
        pass
    if issues:
        _log(request, user, summary, errors=len(issues))
        raise LedgerInvalid(sorted(issues, key=lambda i: (layout.sheets.index(i.sheet), i.row or 0)))
    summary.added = len(checked)
    summary.by_year = dict(sorted(Counter(r.year for r in checked).items()))
    summary.by_status = dict(Counter(Status(r.status).label for r in checked))
    summary.outcomes = sum(len(r.outcomes) for r in checked)
    summary.preview = [_preview(r) for r in sorted(checked, key=lambda r: (r.sheet, r.row))[:PREVIEW_ROWS]]
    _log(request, user, summary, errors=0)
    return summary


def _log(request, user, summary, *, errors):
    log_event(
        AuditLog.Event.IMPORT,
        user=user,
        request=request,
        target=TARGET,
        dry_run=summary.dry_run,
        rows=summary.rows,
        errors=errors,
    )
