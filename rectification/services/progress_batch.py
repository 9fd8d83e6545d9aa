"""批量填报进展: progress notes on several measures saved at once (the 我的整改措施 grid).

Every entry is checked as ``progress_add`` checks one note (permission, archived, 已销号, the
text) and, with ``submit``, as ``measure_submit`` checks a 申请销号 (lead office, status), all
before anything is written. The batch is all or nothing: every refusal is collected, with the
measure's label and reason, into one ``ProgressBatchRefused`` and nothing is written.

Queries are bounded for any number of entries: one read locks the measures (in id order, so
two batches over the same measures cannot deadlock), one reads their co-departments, and the
notes, auto-starts and their history are bulk inserts/updates. Only a 申请销号 goes through
``measure_submit`` itself, one measure at a time, so that its checks and its notice to the
reviewers (``step_done``) stay the workflow's own.

Optimistic check: an entry may carry the measure's ``version`` as the page showed it. A measure
whose version has moved on (edited, started, submitted, returned …) is refused for that entry.
A note added by someone else meanwhile does not move the version — notes are append-only, so
two batches adding notes to the same measure both succeed as two notes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.concurrency import history_entry_parts
from core.errors import ApplicationError, field_error
from core.scoping import visible_to
from organization.models import Department
from rectification import permissions
from rectification.models import Measure, MeasureStatus, ProgressUpdate
from rectification.services.progress import (
    check_can_report,
    clean_progress_text,
    reporting_department_id,
    start_many,
)
from rectification.services.workflow import measure_submit

MAX_ENTRIES = 200
NOT_FOUND = "该整改措施不存在，或您无权查看"
NOTE_REASON = "填报整改进展（批量填报）"
SUBMIT_DENIED = "只有牵头部门的联络员可以申请销号"
# Refusals about what was typed (400); the others are about the measure's state or the user (409).
INPUT_CODES = frozenset({"required", "invalid", "duplicate"})


@dataclass(frozen=True)
class ProgressEntry:
    """One row of the grid: a note on ``measure_id``, 申请销号 when ``submit``, based on ``version``."""

    measure_id: int
    text: str
    submit: bool = False
    version: int | None = None


@dataclass(frozen=True)
class Refusal:
    measure_id: int
    label: str
    reason: str
    code: str = "invalid"

    def as_dict(self) -> dict:
        return {"id": self.measure_id, "label": self.label, "reason": self.reason}


class ProgressBatchRefused(ApplicationError):
    """Nothing was written; ``refusals`` says why, measure by measure (``detail`` keyed by measure id)."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        detail: dict = {}
        for r in refusals:
            detail.setdefault(str(r.measure_id), []).append(r.reason)
        typed = any(r.code in INPUT_CODES for r in refusals)
        measures = len({r.measure_id for r in refusals})
        super().__init__(
            f"本次填报未保存：{measures}项措施不能填报，全部进展均未保存",
            code="progress_batch_refused",
            detail=detail,
            status=400 if typed else 409,
        )


def label(measure: Measure) -> str:
    """How a refusal names the measure: its ledger code and the start of its text."""
    text = measure.content.strip()
    return f"{measure.code} {text if len(text) <= 30 else text[:30] + '…'}"


def _entries(raw: Iterable) -> list[ProgressEntry]:
    """The entries as ``ProgressEntry``; a malformed batch (not rows, a bad id, too many) is a 400."""
    entries = []
    for item in raw:
        if isinstance(item, ProgressEntry):
            entries.append(item)
            continue
        if not isinstance(item, Sequence) or isinstance(item, str | bytes) or len(item) not in (3, 4):
            raise field_error("entries", "每一项须为（措施编号, 进展, 是否申请销号[, 版本]）")
        measure_id, text, submit, *version = item
        entries.append(ProgressEntry(measure_id, text, bool(submit), version[0] if version else None))
        if len(entries) > MAX_ENTRIES:
            break
    if not entries:
        raise field_error("entries", "请至少填写一项整改进展", code="required")
    if len(entries) > MAX_ENTRIES:
        raise field_error("entries", f"一次最多填报{MAX_ENTRIES}项整改措施的进展，请分批保存", code="too_many")
    for entry in entries:
        if isinstance(entry.measure_id, bool) or not isinstance(entry.measure_id, int) or entry.measure_id <= 0:
            raise field_error("entries", f"措施编号“{str(entry.measure_id)[:20]}”无效")
    return entries


def _lock(user, ids) -> dict[int, Measure]:
    """The visible ones of ``ids``, locked in id order, with what the checks and labels read
    (archived ones included: they are refused as archived, which one who may see them may know).

    ``of=("self",)``: only the measure rows are locked, not the problems and rounds the
    visibility filter joins (other batches on sibling measures must not wait on them)."""
    rows = (
        visible_to(Measure, user=user)
        .filter(pk__in=ids)
        .select_related("problem__round")
        .select_for_update(of=("self",))
        .order_by("pk")
        .prefetch_related(
            Prefetch("co_departments", queryset=Department.objects.only("id"), to_attr="co_department_list")
        )
    )
    return {m.pk: m for m in rows}


def _stale_reasons(measures: list[Measure]) -> dict[int, str]:
    """Per stale measure, the refusal naming who changed it last and when: one query for all."""
    if not measures:
        return {}
    history = Measure.history.model.objects
    latest = history.filter(id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")[:1]
    entries = history.filter(id__in=[m.pk for m in measures], history_id=Subquery(latest)).select_related(
        "history_user__person"
    )
    reasons = {}
    for entry in entries:
        who, when = history_entry_parts(entry)
        reasons[entry.id] = f"该措施在您打开页面后已被修改（{who}，{when}），请刷新后重填"
    for m in measures:
        reasons.setdefault(m.pk, "该措施在您打开页面后已被修改，请刷新后重填")
    return reasons


def _check(user, entry: ProgressEntry, measure: Measure) -> tuple[str, list[Refusal]]:
    """(the cleaned text, refusals) of one entry against its locked measure."""
    refusals: list[Refusal] = []
    name = label(measure)

    def refuse(exc: ApplicationError):
        refusals.append(Refusal(measure.pk, name, exc.message, exc.code))

    text = ""
    try:
        check_can_report(user, measure)
        if measure.problem.is_archived or measure.problem.round.is_archived:
            raise ApplicationError("该整改措施所属的问题或巡察轮次已归档", code="archived", status=409)
    except ApplicationError as exc:
        refuse(exc)
        return text, refusals  # a measure one may not report on: nothing more to say about it
    try:
        text = clean_progress_text(entry.text)
    except ApplicationError as exc:
        refuse(exc)
    if entry.submit:
        if not permissions.can_submit(user, measure):
            refusals.append(Refusal(measure.pk, name, SUBMIT_DENIED, "permission_denied"))
        elif measure.status not in (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS):
            reason = f"当前状态为“{measure.get_status_display()}”，不能申请销号（仅限：未启动、推进中）"
            refusals.append(Refusal(measure.pk, name, reason, "invalid_transition"))
    return text, refusals


@transaction.atomic
def progress_add_many(*, user, entries) -> list[ProgressUpdate]:
    """Add a note to each entry's measure (and 申请销号 where ``submit``), all or nothing.

    ``entries``: ``ProgressEntry`` or tuples ``(measure_id, text, submit[, version])``, at most
    ``MAX_ENTRIES``, each measure once. Returns the notes in entry order, or raises
    ``ProgressBatchRefused`` listing every refused entry with nothing written. A measure the
    user may not see is refused exactly like an id that does not exist.
    """
    entries = _entries(entries)
    found = _lock(user, sorted({e.measure_id for e in entries}))
    refusals: list[Refusal] = []
    texts: dict[int, str] = {}
    seen: set[int] = set()
    stale: list[Measure] = []
    for entry in entries:
        measure = found.get(entry.measure_id)
        if measure is None:
            refusals.append(Refusal(entry.measure_id, f"编号{entry.measure_id}", NOT_FOUND, "not_found"))
            continue
        if entry.measure_id in seen:
            reason = "同一措施在本次填报中出现了多次，请合并为一项"
            refusals.append(Refusal(measure.pk, label(measure), reason, "duplicate"))
            continue
        seen.add(entry.measure_id)
        text, refused = _check(user, entry, measure)
        refusals += refused
        texts[measure.pk] = text
        if entry.version is not None and entry.version != measure.version:
            stale.append(measure)
    stale_reasons = _stale_reasons(stale)
    refusals += [Refusal(m.pk, label(m), stale_reasons[m.pk], "stale_version") for m in stale]
    if refusals:
        refusals.sort(key=lambda r: r.measure_id)
        raise ProgressBatchRefused(refusals)
    return _write(user, entries, found, texts)


def _write(user, entries: list[ProgressEntry], found: dict[int, Measure], texts: dict[int, str]):
    today, now = timezone.localdate(), timezone.now()
    notes = bulk_create_with_history(
        [
            ProgressUpdate(
                measure_id=e.measure_id,
                date=today,
                text=texts[e.measure_id],
                author=user,
                department_id=reporting_department_id(user, found[e.measure_id]),
                created_at=now,
            )
            for e in entries
        ],
        ProgressUpdate,
        default_user=user,
        default_change_reason=NOTE_REASON,
    )
    # A first note starts the measure, as progress_add does.
    start_many(user, [found[e.measure_id] for e in entries])
    for entry in entries:
        if entry.submit:
            try:
                measure_submit(user=user, measure=found[entry.measure_id])
            except ApplicationError as exc:  # checked above; a refusal here still names its measure
                measure = found[entry.measure_id]
                raise ProgressBatchRefused([Refusal(measure.pk, label(measure), exc.message, exc.code)]) from exc
    return notes
