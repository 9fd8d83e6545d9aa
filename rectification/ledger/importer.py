"""Importing a ledger: parse, resolve every row, then write everything in one transaction or nothing.

The command ``import_ledger``, the API upload and the web page all call ``import_ledger``.
Nothing is written until every row has been read without error; a dry run stops there.
Departments and people are matched by name, alias or a close spelling
(``rectification.ledger.names``); one that is not matched exactly or by alias is created (a
person without a login) or mapped only as the importer decided — never silently. A round that
already has measures receives only the rows it lacks (``rectification.ledger.present``).
A status word in 完成情况 sets the measure's status as a historical fact — the history names
the importing user and says so; it is not a sign-off by anyone.
"""

from dataclasses import dataclass, field

from core.audit import log_event
from core.errors import PermissionDeniedError
from core.models import AuditLog
from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlineRule
from rectification import permissions
from rectification.due_dates import immediate_due, round_report_due
from rectification.ledger import names as N
from rectification.ledger import store
from rectification.ledger.deadline_text import RoundDates
from rectification.ledger.issues import LedgerInvalid
from rectification.ledger.names import NameDecisions
from rectification.ledger.parser import parse_workbook
from rectification.ledger.present import RoundContents
from rectification.ledger.preview import build_preview
from rectification.ledger.reader import open_workbook
from rectification.ledger.resolver import Directory, Resolver
from rectification.models import InspectionRound

IMPORT_REASON = store.IMPORT_REASON


@dataclass
class ImportSummary:
    dry_run: bool
    round: str
    sheets: list
    aspects: int = 0
    problems: int = 0
    measures: int = 0
    progress_notes: int = 0
    new_departments: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    round_id: int | None = None
    names: list = field(default_factory=list)  # NameMatch, every name of the file
    existing: list = field(default_factory=list)  # rows the round already has: {sheet, row, measure_id}
    added: int = 0  # measures written (or, in a dry run, to be written)
    preview: list = field(default_factory=list)

    @property
    def undecided(self) -> int:
        return sum(1 for m in self.names if m.undecided)

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "round": self.round,
            "sheets": self.sheets,
            "aspects": self.aspects,
            "problems": self.problems,
            "measures": self.measures,
            "progress_notes": self.progress_notes,
            "new_departments": self.new_departments,
            "new_people": self.new_people,
            "warnings": [w.as_dict() for w in self.warnings],
            "names": [m.as_dict() for m in self.names],
            "undecided": self.undecided,
            "existing": self.existing,
            "added": self.added,
            "preview": self.preview,
        }


# -- the round -----------------------------------------------------------------------------------


def _round_dates(rnd: InspectionRound | None, meta, feedback_date, calendar, rules) -> RoundDates:
    feedback = (rnd.feedback_date if rnd else None) or feedback_date or meta.feedback_date
    end = (rnd.rectification_end if rnd else None) or meta.rectification_end
    if end is None and feedback is not None:
        due = round_report_due(feedback, calendar=calendar, rules=rules)
        end = due.date if due else None
    return RoundDates(
        feedback_date=feedback,
        rectification_end=end,
        immediate=lambda start: immediate_due(start, calendar=calendar, rules=rules),
        calendar=calendar,
    )


# -- entry point ---------------------------------------------------------------------------------


def import_ledger(
    *,
    source,
    user=None,
    round=None,
    round_name=None,
    feedback_date=None,
    dry_run=False,
    request=None,
    progress=None,
    names: NameDecisions | None = None,
    create_missing: bool = False,
) -> ImportSummary:
    """Import ``source`` (bytes or a file object) into ``round`` (or the round named ``round_name``,
    created when missing). Raises ``LedgerInvalid`` listing every problem; writes nothing then.

    ``names``: what each department or person name not matched exactly or by alias is (mapped to
    a record of its kind, or created); a name without one refuses the import (``NamesUndecided``,
    listing them) unless ``create_missing`` creates every such name. A dry run lists the names
    (``summary.names``) instead of refusing, for a page to ask.

    ``user`` is None only for the command line run by an operator without ``--user``.
    ``progress`` (a ``core.jobs.services.Progress`` of a background import): reading the rows
    fills the first half, checking and writing the rest.
    """
    if user is not None and not permissions.can_manage(user):
        raise PermissionDeniedError("只有纪检干部可以导入整改台账")
    if round is None and round_name:
        round = InspectionRound.objects.filter(name=round_name).first()
    name = round.name if round else (round_name or "").strip()
    wb, merges = open_workbook(source)
    on_row = None
    if progress is not None:
        seen = [0]
        half = max(1, progress.total)

        def on_row():
            seen[0] += 1
            progress.fraction(min(seen[0], half) / half / 2)

    try:
        parsed = parse_workbook(wb, merges, on_row=on_row)
    finally:
        wb.close()
    calendar = WorkCalendar.load()
    rules = {r.code: r for r in DeadlineRule.objects.filter(is_active=True)}
    dates = _round_dates(round, parsed.meta, feedback_date, calendar, rules)
    directory = Directory(names, create_missing=create_missing)
    resolver = Resolver(parsed, dates, directory)
    rows = resolver.run()
    if progress is not None:
        progress.fraction(0.6)
    summary = ImportSummary(
        dry_run=dry_run,
        round=name,
        sheets=parsed.sheets,
        aspects=len(parsed.aspects),
        problems=len(parsed.problems),
        measures=len(rows),
        progress_notes=sum(1 for r in rows if r.progress),
        new_departments=directory.created_names(N.DEPARTMENT),
        new_people=directory.created_names(N.PERSON),
        warnings=parsed.warnings,
        names=list(directory.matches.values()),
    )
    if parsed.issues:
        _log(request, user, name, summary, errors=len(parsed.issues))
        raise LedgerInvalid(sorted(parsed.issues, key=lambda i: (parsed.sheet_order(i.sheet), i.row or 0)))
    try:
        directory.check(dry_run=dry_run)
    except N.NamesUndecided as exc:
        _log(request, user, name, summary, errors=len(exc.matches))
        raise
    if not dry_run:
        round, present = store.write(parsed, rows, directory, round=round, name=name, dates=dates, user=user)
        if progress is not None:
            progress.fraction(1)
        summary.round_id = round.pk
    else:
        present = RoundContents.load(round).present(parsed)
        summary.round_id = round.pk if round else None
    summary.existing = [
        {"sheet": r.raw.sheet, "row": r.raw.row, "measure_id": present[id(r.raw)]} for r in rows if id(r.raw) in present
    ]
    summary.added = len(rows) - len(summary.existing)
    summary.preview = build_preview(parsed, rows, directory, present)
    _log(request, user, name, summary, errors=0)
    return summary


def _log(request, user, name, summary, *, errors):
    log_event(
        AuditLog.Event.IMPORT,
        user=user,
        request=request,
        target=f"整改台账：{name}",
        dry_run=summary.dry_run,
        measures=summary.measures,
        errors=errors,
    )
