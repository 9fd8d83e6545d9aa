"""What the database says about the measures a filled sheet names: a few set queries per chunk.

For each measure the uploader may see (archived ones included, so they are refused as archived rather
than as unknown): version, latest progress note, status, departments, and the cells the export would
write for it now — the structure columns an upload compares, and the 整改进展/完成情况 it compares with.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db.models import OuterRef, Subquery, Value

from core.excel import CellTooLong, neutralise
from core.scoping import visible_to
from organization.models import Department
from rectification.ledger import columns as C
from rectification.ledger.exporter import MEASURE_COLUMNS, _as_imported, _measure_values
from rectification.ledger.fill.export import FIELDS, _latest_id
from rectification.ledger.parser import text_of
from rectification.ledger.reader import clean
from rectification.models import Measure, MeasureCoDepartment, ProgressUpdate

CHUNK = 1000
STRUCTURE = (C.PROBLEM, C.MEASURE, C.DEPARTMENT, C.DEADLINE)
_EXTRA = (
    "version",
    "latest_progress_id",
    "order",
    "archived_at",
    "problem__archived_at",
    "problem__round__archived_at",
)
_BASE = 1 + len(MEASURE_COLUMNS)


def as_read(value) -> str:
    """The text an upload reads back from a cell the export wrote with ``value``."""
    try:
        return text_of(clean(neutralise(value)))
    except CellTooLong:
        return text_of(value)


@dataclass
class Fact:
    measure: Measure  # a stand-in with what the permission checks read (departments, status)
    version: int
    note_id: int
    archived: bool
    label: str
    progress: str
    completion: str
    structure: dict = field(default_factory=dict)  # field -> the text the export writes now


def _label(problem_order, order, content) -> str:
    text = (content or "").strip()
    return f"问题{problem_order}-措施{order} {text[:30]}"


def load_facts(actor, ids) -> dict[int, Fact]:
    latest_text = ProgressUpdate.objects.filter(measure=OuterRef("pk"), archived_at__isnull=True)
    latest_text = Subquery(latest_text.order_by("-date", "-id").values("text")[:1])
    facts: dict[int, Fact] = {}
    it = iter(sorted(set(ids)))
    while chunk := list(islice(it, CHUNK)):
        rows = list(
            visible_to(Measure, actor=actor)
            .filter(pk__in=chunk)
            .annotate(rank=Value(0), latest_progress=latest_text, latest_progress_id=_latest_id())
            .values_list("rank", *MEASURE_COLUMNS, *_EXTRA, "lead_department_id")
        )
        co, co_ids = {}, {}
        links = (
            MeasureCoDepartment.objects.filter(measure_id__in=[r[1] for r in rows])
            .order_by("measure_id", "department__order", "department_id")
            .values_list("measure_id", "department_id", "department__name")
        )
        for measure_id, department_id, name in links:
            co.setdefault(measure_id, []).append(name)
            co_ids.setdefault(measure_id, []).append(department_id)
        imported = _as_imported([r[1] for r in rows if r[_BASE - 1]])
        for row in rows:
            facts[row[1]] = _fact(row, co.get(row[1], []), co_ids.get(row[1], []), imported)
    return facts


def _fact(row, co_names, co_ids, imported) -> Fact:
    pk, problem_order, problem_text, content, status = row[1], row[3], row[4], row[5], row[15]
    version, note_id, order, archived, problem_archived, round_archived, lead_id = row[_BASE:]
    values = _measure_values((*row[:_BASE], *imported.get(pk, (None, None, None))), co_names)
    by_field = dict(zip(FIELDS[2:], values, strict=False))
    measure = Measure(pk=pk, lead_department_id=lead_id, status=status, content=content)
    measure.co_department_list = [Department(pk=d) for d in co_ids]  # read by permissions.co_department_ids
    structure = {C.PROBLEM: as_read(problem_text)}
    structure |= {name: as_read(by_field[name]) for name in STRUCTURE if name != C.PROBLEM}
    return Fact(
        measure=measure,
        version=version,
        note_id=note_id or 0,
        archived=bool(archived or problem_archived or round_archived),
        label=_label(problem_order, order, content),
        progress=as_read(by_field[C.PROGRESS]),
        completion=as_read(by_field[C.COMPLETION]),
        structure=structure,
    )
