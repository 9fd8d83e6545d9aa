"""Matching the department and person names of a ledger to the records that exist.

Every name is matched in this order: the exact name, a known alias (``organization``'s alias
tables), a close spelling (NFKC, spaces, a 处/室/办/办公室 ending, then ``difflib``), or nothing.
Exact and alias matches apply by themselves; a close or unknown name needs a decision — map it
to a record of the same kind, or create a new one — and an import is refused while any lacks one.
A name mapped to an existing record is remembered as an alias when the import is written.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from core.errors import ApplicationError

DEPARTMENT = "department"
PERSON = "person"
KIND_LABELS = {DEPARTMENT: "部门", PERSON: "人员"}

EXACT, ALIAS, CLOSE, NONE = "exact", "alias", "close", "none"
MATCH_LABELS = {EXACT: "完全一致", ALIAS: "别名", CLOSE: "相近", NONE: "未找到"}

MAX_CANDIDATES = 5
MAX_ROWS = 5
_CUTOFF = {DEPARTMENT: 0.6, PERSON: 0.5}
_SUFFIXES = ("办公室", "处", "室", "办", "科")
_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def stem(text: str, kind: str) -> str:
    """The name without spaces and, for a department, without its 处/室/办/办公室 ending."""
    text = normal(text)
    if kind == DEPARTMENT:
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                return text[: -len(suffix)]
    return text


# -- decisions -------------------------------------------------------------------------------------


CREATE = "create"


@dataclass(frozen=True)
class NameDecision:
    """``target_id`` maps the name to that record (of the name's own kind); None creates one."""

    target_id: int | None = None

    @property
    def create(self) -> bool:
        return self.target_id is None

    def as_value(self):
        return CREATE if self.create else self.target_id


class NameDecisions(dict):
    """(kind, name) -> NameDecision."""

    @classmethod
    def from_data(cls, data) -> "NameDecisions":
        """From ``{"department": {"机关纪委": 12, "热线服务处": "create"}, "person": {...}}`` (the API's
        ``names`` field, a job's stored decisions); a malformed value is a 400 naming it."""
        decisions = cls()
        if data in (None, ""):
            return decisions
        if not isinstance(data, dict) or any(k not in KIND_LABELS for k in data):
            raise _bad('names 须为 {"department": {名称: 编号或"create"}, "person": {…}}')
        for kind, names in data.items():
            if not isinstance(names, dict):
                raise _bad(f'names.{kind} 须为 {{名称: 编号或"create"}}')
            for name, value in names.items():
                if value == CREATE:
                    decisions[(kind, name)] = NameDecision()
                elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    decisions[(kind, name)] = NameDecision(value)
                elif isinstance(value, str) and value.isdigit():
                    decisions[(kind, name)] = NameDecision(int(value))
                else:
                    raise _bad(f'{KIND_LABELS[kind]}“{name}”的处理方式无法识别：{value!r}（应为编号或"create"）')
        return decisions

    def as_data(self) -> dict:
        data: dict = {DEPARTMENT: {}, PERSON: {}}
        for (kind, name), decision in self.items():
            data[kind][name] = decision.as_value()
        return data


def _bad(message):
    return ApplicationError(message, code="names_invalid", detail={"names": [message]})


class NamesUndecided(ApplicationError):
    """Some names of the file match no record exactly or by alias, and nobody said what they are."""

    def __init__(self, matches):
        self.matches = list(matches)
        listed = "、".join(f"{KIND_LABELS[m.kind]}“{m.name}”" for m in self.matches[:10])
        more = f"等 {len(self.matches)} 个名称" if len(self.matches) > 10 else ""
        super().__init__(
            f"台账中有 {len(self.matches)} 个部门或人员名称需要确认（{listed}{more}）：请逐个对应到已有记录或明确新建，"
            "未导入任何内容",
            code="names_undecided",
            detail={"names": [m.as_dict() for m in self.matches]},
        )


# -- one name ----------------------------------------------------------------------------------------


@dataclass
class NameMatch:
    kind: str
    name: str
    match: str
    target: object = None  # the record an exact or alias match (or a decision) gives
    candidates: list = field(default_factory=list)  # [(record, score)] best first
    rows: list = field(default_factory=list)  # [(sheet, row)] where the name appears (first MAX_ROWS)
    row_count: int = 0
    decision: NameDecision | None = None

    @property
    def needs_decision(self) -> bool:
        return self.match in (CLOSE, NONE)

    @property
    def undecided(self) -> bool:
        return self.needs_decision and self.decision is None

    @property
    def creates(self) -> bool:
        return self.needs_decision and self.decision is not None and self.decision.create

    @property
    def remembered(self) -> bool:
        """A close or unknown name confirmed to be an existing record: kept as an alias."""
        return self.needs_decision and self.decision is not None and not self.decision.create

    def seen(self, sheet, row):
        self.row_count += 1
        if len(self.rows) < MAX_ROWS:
            self.rows.append((sheet, row))

    def outcome(self) -> str:
        if self.target is not None and not self.creates:
            return _label(self.target)
        return "新建" if self.creates else "待确认"

    def as_dict(self):
        return {
            "kind": self.kind,
            "name": self.name,
            "match": self.match,
            "match_label": MATCH_LABELS[self.match],
            "target": _ref(self.target) if self.target is not None and not self.creates else None,
            "candidates": [{**_ref(obj), "score": round(score, 2)} for obj, score in self.candidates],
            "rows": [{"sheet": s, "row": r} for s, r in self.rows],
            "row_count": self.row_count,
            "decision": self.decision.as_value() if self.decision else None,
        }


def _ref(obj):
    return {"id": obj.pk, "name": _label(obj)}


def _label(obj) -> str:
    return str(obj)


class CloseIndex:
    """The names of one kind, by stem, for ``candidates`` (built once per import)."""

    def __init__(self, kind: str, by_name: dict):
        self.kind = kind
        self.by_name = by_name  # name -> [records]
        self.stems: dict = {}
        for other in by_name:
            self.stems.setdefault(stem(other, kind), []).append(other)
        self.stem_list = list(self.stems)

    def candidates(self, name: str) -> list:
        """[(record, score)] for the names spelt nearly like ``name``: the same stem first, then
        ``difflib`` above the kind's cutoff; at most MAX_CANDIDATES."""
        own = stem(name, self.kind)
        scored = dict.fromkeys(self.stems.get(own, []), 1.0)
        for other_stem in difflib.get_close_matches(own, self.stem_list, n=MAX_CANDIDATES, cutoff=_CUTOFF[self.kind]):
            ratio = difflib.SequenceMatcher(None, own, other_stem).ratio()
            for other in self.stems[other_stem]:
                scored.setdefault(other, ratio)
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        found = [(record, score) for other, score in ranked for record in self.by_name[other]]
        return found[:MAX_CANDIDATES]
