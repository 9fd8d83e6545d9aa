"""The due dates of a clue with the rule and legal basis behind each (for display)."""

from deadlines.models import DeadlineRule
from discipline.models import Clue


def clue_rules():
    """The clue rules by code (one query)."""
    return {r.code: r for r in DeadlineRule.objects.filter(code__in=Clue.DUE_RULES.values())}


def clue_deadline_rows(clue: Clue, rules: dict) -> list[dict]:
    """Each stored due date of ``clue``: what it is, its rule, period, basis and whether it still runs."""
    running = {kind for _, kind in clue.open_due_dates()}
    rows = []
    for kind, field in Clue.DUE_FIELDS.items():
        due = getattr(clue, field)
        if due is None:
            continue
        rule = rules.get(Clue.DUE_RULES[kind])
        rows.append(
            {
                "key": kind.value,
                "label": kind.label,
                "rule": Clue.DUE_RULES[kind],
                "rule_name": rule.name if rule else "",
                "period": rule.period_text if rule else "",
                "legal_basis": rule.legal_basis if rule else "",
                "due_date": due,
                "warning": getattr(clue, f"{field}_warning"),
                "outstanding": kind in running,
            }
        )
    return sorted(rows, key=lambda row: row["due_date"])
