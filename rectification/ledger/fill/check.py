"""Checking a filled sheet row by row: what changed, and every reason it may not be saved.

A row is unchanged when its 整改进展 and 完成情况 are what the export wrote (the key's digest): it is
skipped, whoever's it is. A changed row is refused when its key is unknown or names a measure the
uploader may not see (the same words, so nothing tells whether it exists), when the measure changed
since the export (stale), when a structure cell (问题, 整改措施, 责任部门, 完成时限) differs from what the
export writes for the measure now, when the uploader may not report on it or ask for 销号, when the
measure is archived or 已销号, for a 完成情况 not in the list, a progress text over the limit, or a key
that appears twice. Unchanged rows of a measure that is current are refused too when a structure cell
was edited (the sheet's protection was lifted): nothing typed into the sheet is silently dropped.
"""

from dataclasses import dataclass

from rectification import permissions
from rectification.ledger import columns as C
from rectification.ledger.fill.facts import STRUCTURE, Fact
from rectification.ledger.fill.key import digest, read_key
from rectification.ledger.fill.plan import (
    COMPLETION_WORDS,
    DONE_WORD,
    IN_PROGRESS_WORD,
    PROGRESS_MAX_CHARS,
    ProgressChange,
    ProgressPlan,
)
from rectification.ledger.issues import Issue, show_value
from rectification.models import MeasureStatus
from rectification.services.progress import PROGRESS_DENIED

UNKNOWN = "措施标识无法识别：该行不是本系统导出的，或标识已被改动，或您无权填报该措施"
STALE = "该措施在导出填报表后已有变动（状态、时限或进展已更新），请重新下载填报表后再填写"
_APPENDED_SEPARATORS = " \t\n，,；;。.、"


@dataclass
class Item:
    """A change to write: the preview row and what the writer needs."""

    change: ProgressChange
    fact: Fact
    note: str  # the progress note's text, "" for none


def _new_note(old: str, new: str) -> str:
    """What the office added: only the appended part when it kept the old text in front."""
    if not new or new == old:
        return ""
    if old and new.startswith(old):
        return new[len(old) :].lstrip(_APPENDED_SEPARATORS)
    return new


class Checker:
    def __init__(self, actor, facts: dict[int, Fact]):
        self.actor = actor
        self.facts = facts
        self.issues: list[Issue] = []
        self.items: list[Item] = []
        self.unchanged = 0
        self.seen: dict[int, tuple[str, int]] = {}

    def refuse(self, raw, name, value, reason):
        column = raw.layout.column(name) if name else ""
        self.issues.append(Issue(raw.sheet, raw.row, column, show_value(value), reason))

    def row(self, raw):
        key_text = raw.cells.get(C.MEASURE_KEY)
        key = read_key(key_text)
        if key is None:
            self.refuse(raw, C.MEASURE_KEY, "", UNKNOWN)
            return
        if key.measure_id in self.seen:
            sheet, row = self.seen[key.measure_id]
            self.refuse(
                raw, C.MEASURE_KEY, "", f"同一措施在表中出现了两次（另见工作表“{sheet}”第{row}行），请删除重复的行"
            )
            return
        self.seen[key.measure_id] = (raw.sheet, raw.row)
        progress, completion = raw.text(C.PROGRESS), raw.text(C.COMPLETION)
        unchanged = digest(progress, completion) == key.digest
        fact = self.facts.get(key.measure_id)
        if fact is None:
            if unchanged:
                self.unchanged += 1
            else:
                self.refuse(raw, C.MEASURE_KEY, "", UNKNOWN)
            return
        stale = (fact.version, fact.note_id) != (key.version, key.note_id)
        if unchanged:
            if not stale:
                self.structure(raw, fact)
            self.unchanged += 1
            return
        if stale:
            self.refuse(raw, C.PROGRESS, progress, STALE)
            return
        if not self.structure(raw, fact):
            return
        self.changed(raw, fact, progress, completion)

    def structure(self, raw, fact) -> bool:
        ok = True
        for name in STRUCTURE:
            if raw.text(name) != fact.structure[name]:
                ok = False
                self.refuse(
                    raw,
                    name,
                    raw.text(name),
                    f"“{C.caption(name)}”与导出时不同（应为“{show_value(fact.structure[name])}”）；"
                    "填报表只填写“整改进展”和“完成情况”，其他列请勿修改",
                )
        return ok

    def changed(self, raw, fact, progress, completion):
        measure = fact.measure
        if not permissions.can_report_progress(self.actor, measure):
            self.refuse(raw, C.PROGRESS, progress, PROGRESS_DENIED)
            return
        if fact.archived:
            self.refuse(raw, C.PROGRESS, progress, "该整改措施已归档，不能填报进展")
            return
        if measure.status == MeasureStatus.SIGNED_OFF:
            self.refuse(raw, C.PROGRESS, progress, "该措施已销号，不能再填报进展")
            return
        note = _new_note(fact.progress, progress)
        completion_changed = completion != fact.completion
        if not note and not completion_changed:
            self.unchanged += 1  # only cleared or trimmed: nothing to record
            return
        errors = len(self.issues)
        if len(note) > PROGRESS_MAX_CHARS:
            self.refuse(
                raw, C.PROGRESS, note, f"整改进展有 {len(note)} 个字，超过 {PROGRESS_MAX_CHARS} 字的上限，请精简"
            )
        submit = start = False
        if completion_changed:
            submit, start = self.completion(raw, fact, completion, note)
        if len(self.issues) > errors:
            return
        start = start or (bool(note) and measure.status == MeasureStatus.NOT_STARTED)
        change = ProgressChange(
            sheet=raw.sheet,
            row=raw.row,
            measure_id=measure.pk,
            measure_label=fact.label,
            old_progress=fact.progress,
            new_progress=note,
            old_completion=fact.completion,
            new_completion=completion if completion_changed else fact.completion,
            submit=submit,
            start=start,
        )
        self.items.append(Item(change=change, fact=fact, note=note))

    def completion(self, raw, fact, word, note) -> tuple[bool, bool]:
        """(申请销号, start) for a changed 完成情况; refusals recorded."""
        status = fact.measure.status
        if word not in COMPLETION_WORDS:
            allowed = "、".join(f"“{w}”" for w in COMPLETION_WORDS)
            self.refuse(raw, C.COMPLETION, word, f"完成情况只能填写{allowed}（选“{DONE_WORD}”即申请销号）")
            return False, False
        if status == MeasureStatus.SUBMITTED:
            self.refuse(raw, C.COMPLETION, word, "该措施已申请销号，正在等待审核，完成情况不能更改")
            return False, False
        if status == MeasureStatus.LONG_TERM:
            self.refuse(raw, C.COMPLETION, word, "该措施已认定为长期坚持（已建立长效机制），完成情况不能更改")
            return False, False
        if word == IN_PROGRESS_WORD:
            return False, status == MeasureStatus.NOT_STARTED
        if not permissions.can_submit(self.actor, fact.measure):
            self.refuse(
                raw, C.COMPLETION, word, f"只有牵头部门的联络员可以申请销号（完成情况选“{DONE_WORD}”即申请销号）"
            )
            return False, False
        if not note and not fact.note_id:
            self.refuse(raw, C.COMPLETION, word, "申请销号前请先在“整改进展”中填写整改进展")
            return False, False
        return True, status == MeasureStatus.NOT_STARTED

    def plan(self, sheets) -> ProgressPlan:
        changes = [i.change for i in self.items]
        return ProgressPlan(
            changes=changes, unchanged=self.unchanged, submits=sum(c.submit for c in changes), sheets=list(sheets)
        )
