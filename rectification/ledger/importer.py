"""Importing a ledger: parse, resolve every row, then write everything in one transaction or nothing.

The command ``import_ledger``, the API upload and the web page all call ``import_ledger``.
Nothing is written until every row has been read without error; a dry run stops there.
Departments and people are matched by name and created when missing (people without a
login). A status word in 完成情况 sets the measure's status as a historical fact — the
history names the importing user and says so; it is not a sign-off by anyone.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import log_event
from core.concurrency import save_versioned
from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditLog
from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlineRule
from organization.models import Department, Person
from rectification import permissions
from rectification.due_dates import immediate_due, round_report_due, set_report_dues
from rectification.ledger import columns as C
from rectification.ledger.deadline_text import RoundDates
from rectification.ledger.issues import Issue, LedgerInvalid
from rectification.ledger.parser import ParsedLedger, parse_workbook
from rectification.ledger.reader import open_workbook
from rectification.ledger.resolver import Directory, ResolvedRow, Resolver
from rectification.models import (
    Aspect,
    InspectionRound,
    Measure,
    MeasureCoDepartment,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)

IMPORT_REASON = "由整改台账导入"


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


def _check_round_empty(rnd, parsed):
    if rnd is not None and Problem.objects.filter(round=rnd, archived_at__isnull=True).exists():
        parsed.issues.insert(
            0,
            Issue("", None, "", rnd.name, "该巡察轮次已有问题和整改措施；台账只能导入到尚无内容的巡察轮次，以免重复"),
        )


# -- entry point ---------------------------------------------------------------------------------


def import_ledger(
    *, source, user=None, round=None, round_name=None, feedback_date=None, dry_run=False, request=None, progress=None
) -> ImportSummary:
    """Import ``source`` (bytes or a file object) into ``round`` (or the round named ``round_name``,
    created when missing). Raises ``LedgerInvalid`` listing every problem; writes nothing then.

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
    _check_round_empty(round, parsed)
    calendar = WorkCalendar.load()
    rules = {r.code: r for r in DeadlineRule.objects.filter(is_active=True)}
    dates = _round_dates(round, parsed.meta, feedback_date, calendar, rules)
    resolver = Resolver(parsed, dates)
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
        new_departments=sorted(resolver.directory.new_departments),
        new_people=sorted(resolver.directory.new_people),
        warnings=parsed.warnings,
    )
    if parsed.issues:
        _log(request, user, name, summary, errors=len(parsed.issues))
        raise LedgerInvalid(sorted(parsed.issues, key=lambda i: (parsed.sheet_order(i.sheet), i.row or 0)))
    if not dry_run:
        round = _write(parsed, rows, resolver.directory, round=round, name=name, dates=dates, user=user)
        if progress is not None:
            progress.fraction(1)
        summary.round_id = round.pk
    else:
        summary.round_id = round.pk if round else None
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


# -- writing ---------------------------------------------------------------------------------------


def _bulk(objs, model, user, reason=IMPORT_REASON):
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=500, default_user=user, default_change_reason=reason)


def _status_reason(row: ResolvedRow) -> str:
    where = f"{IMPORT_REASON}（工作表“{row.raw.sheet}”第{row.raw.row}行）"
    if row.status_word:
        label = MeasureStatus(row.status).label
        return f"{where}；完成情况“{row.status_word}”按历史状态记为“{label}”，并非销号审核"
    return where


ROUND_TAKEN = "该巡察轮次在本次导入期间已由另一次导入写入内容；台账只能导入到尚无内容的巡察轮次，本次未导入任何内容"


def _claim_round(round, *, name, parsed, dates, user) -> InspectionRound:
    """The round to import into, locked for this transaction, and still empty.

    An existing round is reloaded with ``select_for_update`` and its emptiness checked
    again: a second import into the same round waits for the first and is then refused
    (409). A new round is inserted under its unique name; a concurrent import creating
    the same round makes the insert fail, which is the same refusal.
    """
    if round is None:
        round = InspectionRound(
            name=name,
            inspection_team=parsed.meta.team or name,
            inspected_unit=parsed.meta.unit,
            feedback_date=dates.feedback_date,
            rectification_end=dates.rectification_end,
            created_by=user,
        )
        _set_report_due(round)
        round._history_user, round._change_reason = user, IMPORT_REASON
        try:
            with transaction.atomic():
                round.save()
        except IntegrityError:
            raise ApplicationError(ROUND_TAKEN, code="round_taken", status=409) from None
        return round
    round = InspectionRound.objects.select_for_update().get(pk=round.pk)
    if Problem.objects.filter(round=round, archived_at__isnull=True).exists():
        raise ApplicationError(ROUND_TAKEN, code="round_taken", status=409)
    fields = []
    if round.feedback_date is None and dates.feedback_date is not None:
        round.feedback_date = dates.feedback_date
        round.rectification_end = round.rectification_end or dates.rectification_end
        fields = ["feedback_date", "rectification_end"]
    _set_report_due(round)
    round._history_user, round._change_reason = user, IMPORT_REASON
    save_versioned(
        round,
        [*fields, "report_due_date", "report_due_warning", "leader_report_due_date", "leader_report_due_warning"],
    )
    return round


def _set_report_due(round):
    set_report_dues(round)


def _create_departments(planned: list, user):
    """Insert the new departments one by one under their unique name: one created meanwhile (by a
    concurrent import or by hand) is taken instead of failing, so the planned objects the rows
    point at all end up with a primary key."""
    for department in planned:
        existing = Department.objects.filter(name=department.name).first()
        if existing is None:
            department._history_user, department._change_reason = user, IMPORT_REASON
            try:
                with transaction.atomic():
                    department.save()
                continue
            except IntegrityError:
                existing = Department.objects.get(name=department.name)
        department.pk, department._state.adding = existing.pk, False


def _create_people(planned: list, user):
    """New people, unless a person of that name was created since the file was checked."""
    names = {p.name for p in planned}
    found = {}
    for person in Person.objects.filter(name__in=names).order_by("id"):
        found.setdefault(person.name, person)
    missing = []
    for person in planned:
        if person.name in found:
            person.pk, person._state.adding = found[person.name].pk, False
        else:
            missing.append(person)
    _bulk(missing, Person, user)


@transaction.atomic
def _write(parsed: ParsedLedger, rows, directory: Directory, *, round, name, dates, user) -> InspectionRound:
    round = _claim_round(round, name=name, parsed=parsed, dates=dates, user=user)
    _create_departments(list(directory.new_departments.values()), user)
    _create_people(list(directory.new_people.values()), user)

    aspects = {}
    for level in (1, 2):
        objs, raws = [], []
        order = {}
        for raw in parsed.aspects:
            if raw.level != level:
                continue
            parent = aspects[id(raw.parent)] if raw.parent else None
            key = parent.pk if parent else None
            order[key] = order.get(key, 0) + 1
            objs.append(Aspect(round=round, parent=parent, title=raw.title[:300], order=order[key]))
            raws.append(raw)
        for raw, obj in zip(raws, _bulk(objs, Aspect, user), strict=True):
            aspects[id(raw)] = obj

    problem_objs = [
        Problem(round=round, aspect=aspects[id(p.aspect)] if p.aspect else None, order=i, text=p.text)
        for i, p in enumerate(parsed.problems, start=1)
    ]
    problem_objs = _bulk(problem_objs, Problem, user)

    measures = []
    by_row = iter(rows)
    for problem, raw_problem in zip(problem_objs, parsed.problems, strict=True):
        for order, _raw in enumerate(raw_problem.measures, start=1):
            row = next(by_row)
            measure = _measure(row, problem, order, user)
            measure._change_reason = _status_reason(row)
            measures.append(measure)
    measures = _bulk(measures, Measure, user)

    links, notes = [], []
    today = timezone.localdate()
    note_date = parsed.meta.fill_date if parsed.meta.fill_date and parsed.meta.fill_date <= today else today
    for measure, row in zip(measures, rows, strict=True):
        links += [MeasureCoDepartment(measure=measure, department=d) for d in row.co_departments]
        if row.progress:
            notes.append(
                ProgressUpdate(
                    measure=measure,
                    date=note_date,
                    text=row.progress,
                    author=user,
                    department=row.lead_department,
                    is_imported=True,
                )
            )
    _bulk(links, MeasureCoDepartment, user)
    _bulk(notes, ProgressUpdate, user)
    return round


def _measure(row: ResolvedRow, problem: Problem, order: int, user) -> Measure:
    raw, deadline = row.raw, row.deadline
    return Measure(
        problem=problem,
        order=order,
        content=raw.text(C.MEASURE),
        target=raw.text(C.TARGET),
        remarks=row.remarks,
        responsible_leader=row.leader,
        lead_department=row.lead_department,
        responsible_person=row.person,
        deadline_kind=deadline.kind,
        deadline_text=deadline.text[:100],
        is_imported=True,
        due_date=deadline.due_date,
        # bulk_create bypasses Measure.save; an exported ledger's hidden column may name an extension
        original_due_date=row.original_due_date,
        due_date_manual=row.due_date_manual,
        due_date_warning=deadline.warning[:200],
        status=row.status,
        created_by=user,
    )
