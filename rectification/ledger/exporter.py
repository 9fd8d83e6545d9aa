"""Writing the ledger back in the layout units exchange (XlsxWriter, constant memory: ``fast_writer``).

Title row, 填报单位/反馈日期 row, header, section rows at both levels (一、… and （一）…),
one row per measure with the problem's 序号 and text merged over its measures;
deadlines as real date cells (长期坚持/立行立改 as text) — an imported measure's as the ledger's
own words, with a note when the deadline has changed since the import — the stored deadline in a
hidden column (``rectification.ledger.record``) that a later import reads back, current status and
the latest progress. Every text is passed through ``core.excel.neutralise``. Only what the user may
see is written, and every export is recorded in the security log.
"""

import heapq
from itertools import islice

from django.db import connection
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone

from core.audit import log_event
from core.models import AuditLog
from core.scoping import Actor, actor_for, visible_to
from organization.models import Department, UnitProfile
from organization.roles import Role
from rectification.ledger import record as R
from rectification.ledger.fast_writer import FastLedgerWriter, removed_on_error
from rectification.ledger.writer import RECORD_COLUMN, LedgerWriter, ledger_title  # noqa: F401 - re-exported
from rectification.models import (
    Aspect,
    DeadlineKind,
    Measure,
    MeasureCoDepartment,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)
from rectification.selectors import visible_measures
from rectification.services.structure import deadline_text_for

CHUNK = 2000

_date_text = R.date_words


# -- export ------------------------------------------------------------------------------------------


def _aspect_sequence(aspects):
    """Aspects in sheet order: each 大类 followed by its 方面; orphans (parent not shown) last."""
    by_id = {a.pk: a for a in aspects}
    top = sorted((a for a in aspects if a.parent_id is None), key=lambda a: (a.order, a.pk))
    children = {}
    for aspect in aspects:
        if aspect.parent_id in by_id:
            children.setdefault(aspect.parent_id, []).append(aspect)
    sequence = []
    for parent in top:
        sequence.append(parent)
        sequence += sorted(children.get(parent.pk, []), key=lambda a: (a.order, a.pk))
    placed = {a.pk for a in sequence}
    sequence += sorted((a for a in aspects if a.pk not in placed), key=lambda a: (a.order, a.pk))
    return sequence


def _rank_expression(ranks, field="problem__aspect_id"):
    whens = [When(**{field: pk}, then=Value(rank)) for pk, rank in ranks.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0, IntegerField())


MEASURE_COLUMNS = (
    "pk",
    "problem_id",
    "problem__order",
    "problem__text",
    "content",
    "target",
    "responsible_leader__name",
    "lead_department__name",
    "responsible_person__name",
    "deadline_kind",
    "due_date",
    "original_due_date",
    "due_date_manual",
    "due_date_warning",
    "status",
    "remarks",
    "latest_progress",
    "deadline_text",
    "is_imported",
)
_IMPORTED = MEASURE_COLUMNS.index("is_imported") + 1  # after the rank


def _as_imported(ids) -> dict:
    """Of the imported measures ``ids``, the deadline as the ledger set it: their creation record
    (the import's) in the history, one query per chunk — (kind, due date, words) by measure id."""
    first = Measure.history.filter(id__in=ids, history_type="+").order_by("id", "history_date", "history_id")
    out = {}
    for measure_id, kind, due, text in first.values_list("id", "deadline_kind", "due_date", "deadline_text"):
        out.setdefault(measure_id, (kind, due, text))
    return out


_CO_SQL = (
    "SELECT c.measure_id, d.name FROM {co} c JOIN {department} d ON d.id = c.department_id"
    " WHERE c.measure_id IN ({ids}) ORDER BY c.measure_id, d.{order}, d.id"
)


def _co_departments(ids) -> dict:
    """Co-department names by measure id for ``ids`` (a chunk read through ``visible_measures``): one
    hand-written query, as the ORM takes longer to build an IN list of 2,000 ids than to run it."""
    co: dict = {}
    if not ids:
        return co
    quote = connection.ops.quote_name
    sql = _CO_SQL.format(
        co=quote(MeasureCoDepartment._meta.db_table),
        department=quote(Department._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
        order=quote("order"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for measure_id, name in cursor.fetchall():
            co.setdefault(measure_id, []).append(name)
    return co


def _measure_stream(actor, rnd, ranks, only=None, extra_fields=(), annotations=None):
    """(row, co-department names, extra) per measure in sheet order: ``row`` as ``_measure_values``
    reads it; ``extra`` the values of ``extra_fields`` (fields or ``annotations``) a caller asked for."""
    latest = (
        ProgressUpdate.objects.filter(measure=OuterRef("pk"), archived_at__isnull=True)
        .order_by("-date", "-id")
        .values("text")[:1]
    )
    base = 1 + len(MEASURE_COLUMNS)
    rows = (
        visible_measures(actor=actor)
        .filter(problem__round=rnd, **({} if only is None else {"pk__in": only}))
        .annotate(
            rank=_rank_expression(ranks),
            latest_progress=Subquery(latest),
            **(annotations or {}),
        )
        .order_by("rank", "problem__order", "problem_id", "order", "id")
        .values_list("rank", *MEASURE_COLUMNS, *extra_fields)
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        co = _co_departments([r[1] for r in chunk])
        imported = _as_imported([r[1] for r in chunk if r[_IMPORTED]])
        for row in chunk:
            yield (*row[:base], *imported.get(row[1], (None, None, None))), co.get(row[1], []), row[base:]


def _empty_problems(actor, rnd, ranks):
    """Problems with no visible measure (only staff who see every problem get these)."""
    measures = visible_measures(actor=actor)
    return (
        visible_to(Problem, actor=actor)
        .filter(round=rnd, archived_at__isnull=True)
        .exclude(pk__in=measures.values("problem_id"))
        .annotate(rank=_rank_expression(ranks, "aspect_id"))
        .order_by("rank", "order", "id")
        .values_list("rank", "order", "id", "text")
    )


def _standard_cell(kind, due_date):
    if kind == DeadlineKind.DATE:
        return due_date
    return DeadlineKind(kind).label


def _current_words(kind, due):
    if kind == DeadlineKind.IMMEDIATE:
        return f"{DeadlineKind(kind).label}，{due.isoformat()}"
    return due.isoformat() if kind == DeadlineKind.DATE else DeadlineKind(kind).label


def _says_no_more(words, kind, due):
    """Words that only repeat the deadline: a date cell's import, or the text the system writes itself."""
    return words in ((due.isoformat() if due else None), deadline_text_for(kind, due))


def _deadline_cell(kind, due, original, manual, imported, imported_kind, imported_due, imported_text):
    """The 完成时限 cell: the ledger's words while the deadline is the one imported with them; after
    an approved extension (also one carried over by an earlier export) or another change, the words
    and the current deadline."""
    if not imported or not imported_text or imported_kind is None:
        return _standard_cell(kind, due)
    if manual and original and due and original != due:
        return f"{imported_text}（已延期至{due.isoformat()}）"
    if (kind, due) == (imported_kind, imported_due):
        return _standard_cell(kind, due) if _says_no_more(imported_text, kind, due) else imported_text
    return f"{imported_text}（已调整为{_current_words(kind, due)}）"


def _cell_text(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _remarks(remarks, manual, original, due, warning):
    parts = [remarks] if remarks else []
    parts += R.remarks_tail(manual=manual, original=original, due=due, warning=warning)
    return "；".join(parts) or None


def _measure_values(row, co_names):
    (
        _rank,
        _pk,
        _problem_id,
        _order,
        _text,
        content,
        target,
        leader,
        dept,
        person,
        kind,
        due,
        original,
        manual,
        warning,
        status,
        remarks,
        latest,
        text,
        imported,
        imported_kind,
        imported_due,
        imported_text,
    ) = row
    deadline = _deadline_cell(kind, due, original, manual, imported, imported_kind, imported_due, imported_text)
    record = R.DeadlineRecord(
        kind=kind,
        due_date=due,
        original_due_date=original,
        manual=manual,
        text=text,
        warning=warning,
        cell=_cell_text(deadline),
    )
    return [
        content,
        target or None,
        leader,
        dept,
        "、".join(co_names) or None,
        person,
        deadline,
        MeasureStatus(status).label,
        latest,
        _remarks(remarks, manual, original, due, warning),
        R.encode(record),
    ]


def _standard_values(row, co_names, _extra):
    return _measure_values(row, co_names)


def _problem_groups(actor, rnd, ranks, only=None, values_of=_standard_values, **stream):
    """(rank, problem order, problem id, text, [measure values]) in sheet order; with ``only`` (measure
    ids), those measures' problems alone. ``values_of(row, co_names, extra)`` makes a measure's cells."""

    def with_measures():
        current, values = None, []
        for row, co_names, extra in _measure_stream(actor, rnd, ranks, only, **stream):
            key = (row[0], row[3], row[2], row[4])
            if current is not None and key != current:
                yield (*current, values)
                values = []
            current = key
            values.append(values_of(row, co_names, extra))
        if current is not None:
            yield (*current, values)

    if only is not None:
        return with_measures()
    empty = ((rank, order, pk, text, []) for rank, order, pk, text in _empty_problems(actor, rnd, ranks))
    return heapq.merge(with_measures(), empty, key=lambda g: (g[0], g[1], g[2]))


def round_info(unit, round) -> str:
    """The 填报单位/日期 line under the title."""
    return (
        f"填报单位：{unit}　　反馈日期：{_date_text(round.feedback_date)}　　"
        f"集中整改期截止：{_date_text(round.rectification_end)}　　导出日期：{_date_text(timezone.localdate())}"
    )


def write_round(writer, actor, round, *, only=None, progress=None, problem_style=None, **groups) -> int:
    """The round's section and problem rows (what ``actor`` sees) below ``writer``'s preamble;
    returns the measures written. ``groups``: passed on to ``_problem_groups``."""
    aspects = list(visible_to(Aspect, actor=actor).filter(round=round, archived_at__isnull=True))
    sequence = _aspect_sequence(aspects)
    ranks = {a.pk: i for i, a in enumerate(sequence, start=1)}
    emitted, level1_index, level2_index, measures = 0, 0, 0, 0

    def sections_up_to(rank):
        nonlocal emitted, level1_index, level2_index
        while emitted < rank:
            aspect = sequence[emitted]
            emitted += 1
            if aspect.parent_id is None or aspect.parent_id not in ranks:
                level1_index, level2_index = level1_index + 1, 0
                writer.section(1, level1_index, aspect.title)
            else:
                level2_index += 1
                writer.section(2, level2_index, aspect.title)

    for number, (rank, _order, _pk, text, values) in enumerate(
        _problem_groups(actor, round, ranks, only, **groups), start=1
    ):
        sections_up_to(rank)
        measures += len(values)
        writer.problem(number, text, values, problem_style=problem_style)
        if progress is not None:
            progress.advance(measures)
    sections_up_to(len(sequence))
    return measures


# The operator running ``manage.py export_ledger`` without --user already holds the
# database; they read the whole round, and the export is logged as theirs.
COMMAND_LINE_OPERATOR = Actor(user_id=0, person_id=None, roles=frozenset({Role.LEADER}))


def export_ledger(*, user, round, out, request=None, progress=None, record=True, only=None) -> int:
    """Write the round's ledger (what ``user`` may see of it) to ``out``; returns the measure count.

    ``user`` None means the command-line operator (see ``COMMAND_LINE_OPERATOR``).
    A background export passes ``progress`` (advanced by measures written) and ``record=False``:
    its download is what the security log records (``core.jobs.files``).
    ``only`` (measure ids) restricts the sheet to those of them the user sees (导出所选 / 导出筛选结果);
    the sheet's section rows stay, so the layout is the round's own.
    """
    actor = actor_for(user) if user is not None else COMMAND_LINE_OPERATOR
    unit = UnitProfile.load().name
    writer = FastLedgerWriter(out)
    with removed_on_error(writer):
        writer.preamble(title=ledger_title(unit, round.inspection_team or round.name), info=round_info(unit, round))
        measures = write_round(writer, actor, round, only=only, progress=progress)
    writer.save()
    if not record:
        return measures
    operator = {} if user is not None else {"username": "命令行导出"}
    log_event(
        AuditLog.Event.EXPORT,
        user=user,
        request=request,
        target=f"整改台账：{round.name}" + ("（部分措施）" if only is not None else ""),
        measures=measures,
        **operator,
    )
    return measures


# -- the blank template ---------------------------------------------------------------------------------

TEMPLATE_NOTE = (
    "注：1. 完成时限填写具体日期（如2022年3月31日、2022.3.31、2021年12月底前），或“长期坚持”“立行立改”"
    "“立行立改并长期坚持”“集中整改期内”“反馈后2个月”；2. 完成情况填写“未启动”“正在推进”“已完成”“长期坚持”，"
    "或进展文字；3. 一个问题有多条措施时，逐行填写措施，问题单元格可合并；"
    "4. 责任部门有多个时用顿号分隔，第一个为牵头部门。"
)


def build_template(out):
    """A blank ledger: title, 填报单位 row, header, one section and one example row, and the notes."""
    writer = LedgerWriter()
    writer.preamble(
        title=ledger_title("××单位", "××巡察组"),
        info="填报单位：　　　　　　　　反馈日期：    年  月  日　　　　填报日期：    年  月  日",
    )
    writer.section(1, 1, "（示例）党的政治建设方面")
    writer.problem(
        1,
        "（示例）理论学习中心组学习以读文件为主，研讨不充分。",
        [
            [
                "修订《党组理论学习中心组学习计划》，每季度至少开展一次专题研讨。",
                "形成常态化专题研讨机制",
                "王××",
                "办公室",
                "财务处",
                "李××",
                "2021年12月底前",
                "正在推进",
                "已修订学习计划（初稿）",
                None,
            ]
        ],
    )
    writer.merged_line(TEMPLATE_NOTE)
    writer.save(out)
