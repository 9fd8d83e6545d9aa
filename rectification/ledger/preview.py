"""The first rows of a checked ledger as they will be stored: 方面 → 问题 → 措施, the deadline as
read, each name with what it is matched to, and whether the round already has the row."""

from rectification.ledger import columns as C
from rectification.models import DeadlineKind

PREVIEW_ROWS = 20


def _aspect_path(aspect) -> list[str]:
    path = []
    while aspect is not None:
        path.insert(0, aspect.title)
        aspect = aspect.parent
    return path


def build_preview(parsed, rows, directory, present, limit=PREVIEW_ROWS) -> list[dict]:
    problem_of = {id(m): p for p in parsed.problems for m in p.measures}
    preview = []
    for row in rows[:limit]:
        raw, deadline = row.raw, row.deadline
        problem = problem_of[id(raw)]
        preview.append(
            {
                "sheet": raw.sheet,
                "row": raw.row,
                "aspects": _aspect_path(problem.aspect),
                "problem": problem.text,
                "measure": raw.text(C.MEASURE),
                "deadline": {
                    "kind": deadline.kind,
                    "kind_label": DeadlineKind(deadline.kind).label,
                    "date": deadline.due_date.isoformat() if deadline.due_date else None,
                    "text": deadline.text,
                }
                if deadline is not None
                else None,
                "people": [
                    {"role": role, "kind": kind, "name": name, "matched": directory.outcome(kind, name)}
                    for role, kind, name in row.names
                ],
                "exists": id(raw) in present,
            }
        )
    return preview
