"""The deadline as stored, written beside the 完成时限 cell in a hidden column of an exported ledger.

The visible cell reads as the ledger's authors wrote it (``2021年12月底前``, ``立行立改（已延期至
2021-11-30）``); the hidden cell holds what the system stored for it — kind, due date, the date the
ledger set, whether an extension was approved, the 台账原文, the rule's warning — together with the
visible cell's text. An import reads the hidden cell first, so nothing is re-parsed differently (a
立行立改 keeps its date even when the rule has changed since), as long as the visible cell still
says what was exported; a cell edited after the export is read again from its words.
"""

import datetime as dt
import json
from dataclasses import dataclass

from core.text import UNSTORABLE
from rectification.models import DeadlineKind
from rectification.models.measures import LONG_TERM_KINDS


@dataclass(frozen=True)
class DeadlineRecord:
    kind: str
    due_date: dt.date | None
    original_due_date: dt.date | None
    manual: bool
    text: str
    warning: str
    cell: str  # the visible cell's text as the importer reads it (a date as yyyy-mm-dd)


def _iso(value):
    return value.isoformat() if value else None


def encode(record: DeadlineRecord) -> str:
    data = {
        "kind": record.kind,
        "due": _iso(record.due_date),
        "original": _iso(record.original_due_date),
        "manual": record.manual,
        "text": record.text,
        "warning": record.warning,
        "cell": record.cell,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _date(value):
    if value is None:
        return None
    day = dt.date.fromisoformat(value)
    if not 2000 <= day.year <= 2099:
        raise ValueError(value)
    return day


def decode(value) -> DeadlineRecord | None:
    """The record a hidden cell holds, or None when it is empty or not one this system wrote."""
    if not isinstance(value, str) or not value.startswith("{"):
        return None
    try:
        data = json.loads(value)
        record = DeadlineRecord(
            kind=DeadlineKind(data["kind"]).value,
            due_date=_date(data.get("due")),
            original_due_date=_date(data.get("original")),
            manual=bool(data.get("manual")),
            text=str(data.get("text") or ""),
            warning=str(data.get("warning") or ""),
            cell=str(data["cell"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    dated = record.kind not in LONG_TERM_KINDS
    if dated != (record.due_date is not None):
        return None  # the same rule as the measure's check constraints
    if len(record.text) > 100 or len(record.warning) > 200 or len(record.cell) > 200:
        return None  # longer than an export writes (the fields' own limits): not ours
    if any(UNSTORABLE.search(text) for text in (record.text, record.warning, record.cell)):
        return None  # a hand-made cell: the visible words are read instead, under the text rule
    return record


def remarks_tail(*, manual, original, due, warning) -> list[str]:
    """What the export adds to 备注 after the measure's own remarks (an approved extension, the
    rule's warning); an import given the record takes it off again."""
    parts = []
    if manual and original and due and original != due:
        parts.append(f"原完成时限{date_words(original)}，经批准延期至{date_words(due)}")
    if warning:
        parts.append(warning)
    return parts


def date_words(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年  月  日"


def own_remarks(note: str, tail: list[str]) -> str:
    """``note`` (an exported 备注) without the parts ``remarks_tail`` added."""
    parts = note.split("；") if note else []
    if tail and parts[-len(tail) :] == tail:
        parts = parts[: -len(tail)]
    return "；".join(parts)
