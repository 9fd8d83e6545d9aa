"""The upload of a filled sheet: a dry run for the preview, and the write — all or nothing.

``apply_progress_upload`` reads the file, locks the measures it names (``select_for_update``, in id
order), and only then loads and checks them: a second upload of the same sheet waits for the first and
then finds the measures changed (stale), so two uploads can never both write. Per changed row: a
progress note (dated today, by the uploader, for their department, "来自台账" in its history), a start
for a 未启动 measure, and for 已完成 a 申请销号 through ``measure_submit`` (reviewers notified) — never
a sign-off.
"""

from itertools import islice

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import log_event
from core.db import analyze_after_commit
from core.models import AuditLog
from core.scoping import actor_for
from rectification.ledger import columns as C
from rectification.ledger.fill.check import Checker, Item
from rectification.ledger.fill.facts import CHUNK, load_facts
from rectification.ledger.fill.key import read_key
from rectification.ledger.fill.plan import ProgressPlan
from rectification.ledger.fill.read import read_filled
from rectification.ledger.issues import LedgerInvalid
from rectification.models import Measure, MeasureStatus, ProgressUpdate
from rectification.services.progress import reporting_department_id, start_many
from rectification.services.workflow import measure_submit


def _where(change) -> str:
    return f"来自台账（工作表“{change.sheet}”第{change.row}行）"


def _ids(rows) -> list[int]:
    keys = (read_key(raw.cells.get(C.MEASURE_KEY)) for raw in rows)
    return sorted({k.measure_id for k in keys if k is not None})


def _lock(ids):
    it = iter(ids)
    while chunk := list(islice(it, CHUNK)):
        list(Measure.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk", flat=True))


def _evaluate(user, source, *, lock=False):
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
    filled = read_filled(data)
    ids = _ids(filled.rows)
    if lock:
        _lock(ids)
    actor = actor_for(user)
    checker = Checker(actor, load_facts(actor, ids))
    for raw in filled.rows:
        checker.row(raw)
    issues = filled.issues + checker.issues
    if issues:
        order = filled.order
        raise LedgerInvalid(
            sorted(issues, key=lambda i: (order.index(i.sheet) if i.sheet in order else -1, i.row or 0))
        )
    return checker.plan(filled.sheets), checker.items


def check_progress_upload(*, user, source) -> ProgressPlan:
    """The dry run: what the upload would write. Raises ``LedgerInvalid`` listing every refusal."""
    plan, _items = _evaluate(user, source)
    return plan


@transaction.atomic
def apply_progress_upload(*, user, source, request=None) -> ProgressPlan:
    """Check again under lock and write every change, or nothing (``LedgerInvalid``)."""
    plan, items = _evaluate(user, source, lock=True)
    _write(user, items)
    log_event(
        AuditLog.Event.IMPORT,
        user=user,
        request=request,
        target="整改台账填报表：" + "、".join(plan.sheets),
        changes=len(plan.changes),
        unchanged=plan.unchanged,
        submits=plan.submits,
    )
    return plan


def _write(user, items: list[Item]):
    today = timezone.localdate()
    notes = []
    for item in items:
        if not item.note:
            continue
        note = ProgressUpdate(
            measure_id=item.change.measure_id,
            date=today,
            text=item.note,
            author=user,
            department_id=reporting_department_id(user, item.fact.measure),
        )
        note._change_reason = f"填报整改进展，{_where(item.change)}"
        notes.append(note)
    if notes:
        bulk_create_with_history(notes, ProgressUpdate, batch_size=500, default_user=user)
        analyze_after_commit(ProgressUpdate, rows=len(notes))
    _start([i for i in items if i.change.start], user)
    for item in items:
        if item.change.submit:
            measure_submit(user=user, measure=item.fact.measure, note=_where(item.change))


def _start(items: list[Item], user):
    """未启动 → 推进中 for the measures a first note or 推进中 starts, as ``progress_add`` does."""
    where = {i.change.measure_id: _where(i.change) for i in items}
    it = iter(sorted(where))
    while chunk := list(islice(it, CHUNK)):
        start_many(user, list(Measure.objects.filter(pk__in=chunk, status=MeasureStatus.NOT_STARTED)), where)
