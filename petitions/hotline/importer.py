"""Importing a 12345 export: every row checked, new tickets registered, known ones updated — all or nothing.

One pass over the file, in batches: each batch's tickets are looked up with one query and sorted
into new / updated (ticket_status, callback_result, satisfaction or ticket_due differ) /
unchanged. A real import registers the new ones through ``petition_register`` (numbered,
reporter encrypted by ``identity_create``, due dates, history) and saves the changed ones with
their history; when any row is refused, or words are unmapped, it all rolls back. A dry run
writes nothing and returns the same counts.

Imports are serialised per source: the first statement of the transaction updates the source's
row, so a second import of the same file waits, then finds every ticket existing (unchanged).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.db import analyze_after_commit
from core.errors import PermissionDeniedError
from core.history import attribute
from core.import_issues import Issue, LedgerInvalid
from core.scoping import visible_to
from core.workflow import steps_untold
from organization.models import Department, Person
from petitions import deadlines, numbering, permissions, repeats
from petitions.hotline import fields as F
from petitions.hotline.reader import open_export
from petitions.hotline.rows import RowChecker, TicketRow, summary_of
from petitions.hotline.vocabulary import Vocabulary
from petitions.models import Channel, HotlineSource, Informant, Kind, Petition, PetitionEvent
from petitions.numbering import Series
from petitions.services import petition_register
from petitions.services.common import record, save

BATCH = 500
ISSUES_SHOWN = 200  # the refusal lists this many; the count says how many there were


@dataclass
class HotlineSummary:
    dry_run: bool
    sheets: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list = field(default_factory=list)
    refused_rows: int = 0
    unmapped: dict = field(default_factory=dict)
    ids: list = field(default_factory=list)  # petitions registered or updated (a real import)

    @property
    def refused(self) -> bool:
        return bool(self.issues or self.unmapped)

    def counts(self) -> dict:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "refused": self.refused_rows}

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "sheets": self.sheets,
            "ignored_columns": self.ignored_columns,
            "rows": self.rows,
            "counts": self.counts(),
            "errors": [i.as_dict() for i in self.issues[:ISSUES_SHOWN]],
            "unmapped": self.unmapped,
        }


class HotlineRefused(LedgerInvalid):
    """Nothing was imported: rows refused and/or words to decide. ``summary`` has all of it."""

    def __init__(self, summary: HotlineSummary):
        self.summary = summary
        issues = summary.issues or [Issue("", None, "", "", "有未对应的取值，请先确定对应关系")]
        super().__init__(issues[:ISSUES_SHOWN])
        self.message = f"工单文件有 {summary.refused_rows} 行不能导入，未导入任何内容"
        if summary.unmapped and not summary.issues:
            self.message = "工单文件中有未对应的取值，请先确定对应关系；未导入任何内容"
        self.detail = {**(self.detail or {}), "unmapped": summary.unmapped, "counts": summary.counts()}


class _Rollback(Exception):  # noqa: N818 - control flow: undo the file's writes
    pass


def _numbers_needed(rows) -> Counter:
    """The numbers ``petition_register`` takes for ``rows``: a 信访件编号 each, a 举报人代号 for each
    with a caller, both of the year received (``numbering.reserved`` refuses any left unused)."""
    needed: Counter = Counter()
    for row in rows:
        year = timezone.localtime(row.received_at).year
        needed[(Series.PETITION, year)] += 1
        if row.informant is not None and not row.informant.is_empty:
            needed[(Series.INFORMANT, year)] += 1
    return needed


def _changes(row: TicketRow, current: dict) -> list[str]:
    return [f for f in F.UPDATABLE if row.facts[f] != current[f]]


class _Batches:
    """Collects checked rows and settles them a batch at a time (lookup, then write or count)."""

    def __init__(self, source, user, summary, *, write):
        self.source, self.user, self.summary, self.write = source, user, summary, write
        self.pending: list[TicketRow] = []
        self.visible = visible_to(Petition, user=user)

    def add(self, row):
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        rows, self.pending = self.pending, []
        if not rows:
            return
        found = {
            r["ticket_no"]: r
            for r in Petition.objects.filter(ticket_no__in=[r.ticket_no for r in rows]).values(
                "pk", "ticket_no", *F.UPDATABLE
            )
        }
        fresh, changed = [], []
        for row in rows:
            current = found.get(row.ticket_no)
            if current is None:
                fresh.append(row)
            elif changes := _changes(row, current):
                changed.append((row, current["pk"], changes))
            else:
                self.summary.unchanged += 1
        self.summary.new += len(fresh)
        self.summary.updated += len(changed)
        if self.write and not self.summary.refused:
            self._register(fresh)
            self._update(changed)

    def _register(self, rows):
        with numbering.reserved(_numbers_needed(rows)):
            for row in rows:
                self._register_one(row)

    def _register_one(self, row):
        content = row.content
        if row.subject_text and row.subject_department_id is None and row.subject_person_id is None:
            content = f"（被投诉对象：{row.subject_text}）{content}"
        informant = row.informant
        petition = petition_register(
            user=self.user,
            informant=informant,
            ticket_known_new=True,
            suggest_repeats=False,  # the whole file's new rows at once, after commit (below)
            received_at=row.received_at,
            channel=Channel.HOTLINE,
            kind=Kind.COMPLAINT,
            is_named=bool(informant and informant.name and informant.phone),
            category=row.category,
            summary=summary_of(row.content),
            content=content,
            subject_department=Department(pk=row.subject_department_id) if row.subject_department_id else None,
            subject_person=Person(pk=row.subject_person_id) if row.subject_person_id else None,
            ticket_no=row.ticket_no,
            ticket_family=F.ticket_family(row.ticket_no),
            ticket_source=self.source,
            **row.facts,
        )
        self.summary.ids.append(petition.pk)

    def _update(self, changed):
        if not changed:
            return
        by_pk = {pk: (row, changes) for row, pk, changes in changed}
        petitions = self.visible.select_for_update().filter(pk__in=by_pk).order_by("pk")
        seen = set()
        for petition in petitions:
            seen.add(petition.pk)
            row, changes = by_pk[petition.pk]
            for name in changes:
                setattr(petition, name, row.facts[name])
            labels = "、".join(str(Petition._meta.get_field(f).verbose_name) for f in changes)
            attribute(petition, self.user)
            save(petition, f"12345工单更新：{labels}")
            record(petition, PetitionEvent.Action.UPDATE, self.user, note=f"导入12345工单，更新了{labels}")
            self.summary.ids.append(petition.pk)
        for pk, (row, _changes) in by_pk.items():
            if pk not in seen:  # 回避: a petition about the importer, or one out of their sight
                reason = "此工单已在系统中登记，但您无权更新该信访件（回避或不可见），请由其他纪检干部导入"
                self.summary.issues.append(Issue(row.sheet, row.row, F.label(F.TICKET_NO), row.ticket_no, reason))
                self.summary.refused_rows += 1


def _lock(source):
    """First statement of the transaction: the source's row, so imports of one source run one at a time."""
    HotlineSource.objects.filter(pk=source.pk).update(updated_at=timezone.now())


def _read(export, batches, summary, vocabulary, progress):
    checker = RowChecker(vocabulary)
    for raw in export.rows():
        summary.rows += 1
        row, issues = checker.check(raw)
        if issues:
            summary.issues.extend(issues)
            summary.refused_rows += 1
        else:
            batches.add(row)
        if progress is not None:
            progress(summary.rows)
    batches.flush()
    summary.unmapped = vocabulary.unmapped_words()
    summary.sheets, summary.ignored_columns = export.sheets, export.ignored


def import_hotline(*, source, data: bytes, file_name: str, user, dry_run=False, progress=None) -> HotlineSummary:
    """Import (or, ``dry_run``, check) the 12345 export ``data`` of ``source`` as ``user``.

    Raises ``LedgerInvalid`` for an unreadable file and ``HotlineRefused`` (listing the rows,
    columns and unmapped words) when a real import finds any problem — nothing written then. A
    dry run returns its refusals in the summary. ``progress(rows_read)`` is called per row."""
    if not permissions.can_register(user):
        raise PermissionDeniedError("只有纪检干部、纪检负责人可以导入12345工单")
    export = open_export(data, file_name, source.header_map or {})
    vocabulary = Vocabulary(source.value_map or {})
    summary = HotlineSummary(dry_run=dry_run)
    if dry_run:
        _read(export, _Batches(source, user, summary, write=False), summary, vocabulary, progress)
        return summary
    try:
        with steps_untold(), transaction.atomic():
            _lock(source)
            with deadlines.preloaded():  # one read of the calendar and rules for the whole file
                _read(export, _Batches(source, user, summary, write=True), summary, vocabulary, progress)
            if summary.refused:
                raise _Rollback
            analyze_after_commit(Petition, Informant, PetitionEvent, rows=summary.new + summary.updated)
            ids = list(summary.ids)
            # robust: a failure there must not turn a committed import into an error
            transaction.on_commit(lambda: suggest_repeats(ids), robust=True)
    except _Rollback:
        summary.ids = []
        raise HotlineRefused(summary) from None
    except IntegrityError:
        reason = "导入期间另有登记写入了相同的工单编号；未导入任何内容，请重新导入"
        raise LedgerInvalid([Issue("", None, F.label(F.TICKET_NO), "", reason)]) from None
    return summary


def suggest_repeats(ids):
    """疑似重复件 for the petitions an import registered or updated, after commit: one batched
    ``suggest_for_ids`` for the file (not one per petition, as a single registration does)."""
    if ids:
        repeats.suggest_for_ids(ids)
