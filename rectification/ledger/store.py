"""Writing a checked ledger: one transaction, the round locked, only the rows the round lacks.

Two imports into the same round are serialised on the round's row (``select_for_update``); the
second then finds the first one's measures and skips them as already present, so the same file
imported twice at once adds its rows once.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.concurrency import save_versioned
from core.db import analyze_after_commit
from core.inserts import insert_with_history
from organization.models import Department, DepartmentAlias, Person, PersonAlias
from rectification.due_dates import ROUND_DUE_FIELDS, set_report_dues
from rectification.ledger import columns as C
from rectification.ledger import names as N
from rectification.ledger.parser import ParsedLedger
from rectification.ledger.present import RoundContents
from rectification.ledger.present import text_key as _key
from rectification.ledger.resolver import Directory, ResolvedRow
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


def _bulk(objs, model, user, reason=IMPORT_REASON):
    """New rows and their history, in queries that do not grow with the rows (``core.inserts``)."""
    return insert_with_history(objs, model, user=user, reason=reason)


def _status_reason(row: ResolvedRow) -> str:
    where = f"{IMPORT_REASON}（工作表“{row.raw.sheet}”第{row.raw.row}行）"
    if row.status_word:
        label = MeasureStatus(row.status).label
        return f"{where}；完成情况“{row.status_word}”按历史状态记为“{label}”，并非销号审核"
    return where


def _claim_round(round, *, name, parsed, dates, user) -> InspectionRound:
    """The round to import into, locked for this transaction.

    An existing round is reloaded with ``select_for_update``: a second import into the same round
    waits for the first. A new round is inserted under its unique name; when a concurrent import
    created it meanwhile, the insert fails and that round is locked and used instead.
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
        set_report_dues(round)
        round._history_user, round._change_reason = user, IMPORT_REASON
        try:
            with transaction.atomic():
                round.save()
            return round
        except IntegrityError:
            round = InspectionRound.objects.get(name=name)
    round = InspectionRound.objects.select_for_update().get(pk=round.pk)
    fields = []
    if round.feedback_date is None and dates.feedback_date is not None:
        round.feedback_date = dates.feedback_date
        round.rectification_end = round.rectification_end or dates.rectification_end
        fields = ["feedback_date", "rectification_end"]
    set_report_dues(round)
    round._history_user, round._change_reason = user, IMPORT_REASON
    save_versioned(
        round,
        [*fields, *ROUND_DUE_FIELDS],
    )
    return round


def _create_departments(planned: list, user):
    """Insert the new departments under their unique name, all at once; when one was created
    meanwhile (by a concurrent import or by hand), one by one, taking that one instead of failing,
    so the planned objects the rows point at all end up with a primary key."""
    if not planned:
        return
    found = dict(Department.objects.filter(name__in=[d.name for d in planned]).values_list("name", "pk"))
    if not found:
        try:
            with transaction.atomic():
                _bulk(planned, Department, user)
            return
        except IntegrityError:
            for department in planned:
                department.pk, department._state.adding = None, True
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


def _remember_aliases(directory: Directory, user):
    """A close or unknown name the importer mapped to an existing record becomes its alias; an alias
    someone set meanwhile (the name is unique) is left as it is."""
    for match in directory.matches.values():
        if not match.remembered:
            continue
        if match.kind == N.DEPARTMENT:
            alias = DepartmentAlias(alias=match.name[:100], department=match.target)
            exists = DepartmentAlias.objects.filter(alias=alias.alias).exists()
        else:
            alias = PersonAlias(alias=match.name[:50], person=match.target)
            exists = PersonAlias.objects.filter(alias=alias.alias).exists()
        if exists:
            continue
        alias._history_user, alias._change_reason = user, IMPORT_REASON
        try:
            with transaction.atomic():
                alias.save()
        except IntegrityError:
            pass  # set by a concurrent import: the same decision or someone else's, kept


@transaction.atomic
def write(parsed: ParsedLedger, rows, directory: Directory, *, round, name, dates, user):
    """Write the rows the round lacks; answers the round and {id(RawMeasure): measure id} of the rows
    found already present (checked again here, under the round's lock)."""
    round = _claim_round(round, name=name, parsed=parsed, dates=dates, user=user)
    _create_departments(list(directory.new_departments.values()), user)
    _create_people(list(directory.new_people.values()), user)
    _remember_aliases(directory, user)
    contents = RoundContents.load(round)
    present = contents.present(parsed)
    aspects = _aspects(parsed, contents, round, user)

    by_raw = {id(r.raw): r for r in rows}
    new_problems, measures, measure_rows = [], [], []
    for raw_problem in parsed.problems:
        fresh = [by_raw[id(m)] for m in raw_problem.measures if id(m) not in present]
        if not fresh:
            continue
        problem = contents.problems.get(_key(raw_problem.text))
        if problem is None:
            aspect = aspects[id(raw_problem.aspect)] if raw_problem.aspect else None
            problem = Problem(round=round, aspect=aspect, order=contents.next_problem_order(), text=raw_problem.text)
            new_problems.append(problem)
        for row in fresh:
            measure_rows.append((problem, row))
    for problem, saved in zip(new_problems, _bulk(new_problems, Problem, user), strict=True):
        problem.pk, problem._state.adding = saved.pk, False
    for problem, row in measure_rows:
        measure = _measure(row, problem, contents.next_measure_order(problem), user)
        measure._change_reason = _status_reason(row)
        measures.append(measure)
    measures = _bulk(measures, Measure, user)
    _links_and_notes(parsed, measures, [row for _p, row in measure_rows], user)
    # A large first import leaves these tables without planner statistics until autovacuum's
    # next pass; the list pages' plans must not wait for it (issue 18).
    analyze_after_commit(
        Aspect, Problem, Measure, MeasureCoDepartment, ProgressUpdate, rows=len(new_problems) + len(measures)
    )
    return round, present


def _aspects(parsed, contents, round, user) -> dict:
    aspects = {}
    for level in (1, 2):
        objs, raws = [], []
        for raw in parsed.aspects:
            if raw.level != level:
                continue
            parent = aspects[id(raw.parent)] if raw.parent else None
            existing = contents.aspect(parent, raw)
            if existing is not None:
                aspects[id(raw)] = existing
                continue
            order = contents.next_aspect_order(parent)
            obj = Aspect(round=round, parent=parent, title=raw.title[:300], order=order)
            contents.aspects[(parent.pk if parent else None, level, _key(raw.title))] = obj
            objs.append(obj)
            raws.append(raw)
        for raw, obj in zip(raws, _bulk(objs, Aspect, user), strict=True):
            aspects[id(raw)] = obj
    return aspects


def _links_and_notes(parsed, measures, rows, user):
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
