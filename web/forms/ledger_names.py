"""The decision table of the ledger import: one select per department or person name of the file
that matches no record exactly or by alias — map it to an existing record, or 新建.

The rows are built from a dry run's ``names`` (dicts, as the summary and a background check's
result hold them); the posted values (``name-<n>``, n counting the names that need a decision in
the order of the check) become ``NameDecisions``. The importer checks again that every id names a
record of the right kind.
"""

from dataclasses import dataclass, field

from core.scoping import visible_to
from organization.models import Department, Person
from rectification.ledger.names import CREATE, DEPARTMENT, KIND_LABELS, NameDecision, NameDecisions

NEEDS_DECISION = ("close", "none")


@dataclass
class NameRow:
    name: dict
    key: str = ""  # the select's name; empty for an exact or alias match
    options: list = field(default_factory=list)  # [(value, label, selected)]
    others: list = field(default_factory=list)  # every other record of the kind: [(value, label, selected)]
    selected: str = ""

    @property
    def kind_label(self):
        return KIND_LABELS[self.name["kind"]]

    @property
    def where(self):
        rows = "、".join(f"{r['sheet']} 第{r['row']}行" for r in self.name["rows"])
        more = f" 等 {self.name['row_count']} 处" if self.name["row_count"] > len(self.name["rows"]) else ""
        return rows + more


def decided(names: list) -> list:
    """The names (dicts) that need a decision, in the order of the check: the select numbering."""
    return [n for n in names if n["match"] in NEEDS_DECISION]


def name_rows(names: list, *, user, posted=None) -> list:
    """Table rows for every name; ``posted`` (a QueryDict) keeps the choices made so far."""
    records = {
        DEPARTMENT: [(d.pk, d.name) for d in visible_to(Department, user=user).order_by("order", "id")],
        "person": [(p.pk, str(p)) for p in visible_to(Person, user=user).order_by("name", "id")],
    }
    rows, index = [], 0
    for name in names:
        if name["match"] not in NEEDS_DECISION:
            rows.append(NameRow(name))
            continue
        key = f"name-{index}"
        index += 1
        chosen = posted.get(key, "") if posted is not None else _value(name.get("decision"))
        candidates = [c["id"] for c in name["candidates"]]
        options = [(str(c["id"]), f"{c['name']}（相近）", str(c["id"]) == chosen) for c in name["candidates"]]
        options.append((CREATE, f"新建{KIND_LABELS[name['kind']]}“{name['name']}”", chosen == CREATE))
        others = [(str(pk), label, str(pk) == chosen) for pk, label in records[name["kind"]] if pk not in candidates]
        rows.append(NameRow(name, key=key, options=options, others=others, selected=chosen))
    return rows


def _value(decision) -> str:
    return "" if decision is None else str(decision)


def decisions_from_post(post, names: list) -> NameDecisions:
    """Posted choices for ``decided(names)``; an empty or unreadable choice stays undecided."""
    decisions = NameDecisions()
    for index, name in enumerate(decided(names)):
        value = post.get(f"name-{index}", "")
        if value == CREATE:
            decisions[(name["kind"], name["name"])] = NameDecision()
        elif value.isdigit():
            decisions[(name["kind"], name["name"])] = NameDecision(int(value))
    return decisions
