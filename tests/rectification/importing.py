"""Shared by the ledger import tests: importing into a round, and checking a refused file wrote nothing."""

import datetime as dt
import json
from pathlib import Path

import pytest

from organization.models import Department, Person
from rectification.ledger import LedgerInvalid, import_ledger
from rectification.models import Aspect, InspectionRound, Measure, Problem

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ledger-sample.xlsx"  # ../shared/samples
FEEDBACK = dt.date(2021, 9, 15)


def import_into(data, rnd, user=None, **kwargs):
    """The layout tests are about reading files: names they do not know are created explicitly
    (the name matching itself: test_ledger_import_names)."""
    kwargs.setdefault("create_missing", True)
    return import_ledger(source=data, round=rnd, user=user, **kwargs)


def row_counts():
    return tuple(m.objects.count() for m in (InspectionRound, Aspect, Problem, Measure, Department, Person))


def ledger_issues(data, rnd=None, **kwargs):
    before = row_counts()
    with pytest.raises(LedgerInvalid) as exc:
        kwargs.setdefault("create_missing", True)
        import_ledger(source=data, round=rnd, round_name=None if rnd else "新轮次", **kwargs)
    assert row_counts() == before, "a failed import must write nothing"
    return exc.value.issues


def create_all(data) -> str:
    """The ``names`` field (JSON) of an upload that creates every name of ``data`` the system lacks,
    as a user who looked at the check and chose 新建 for each would send."""
    try:
        summary = import_ledger(source=data, round_name="（仅检查名称）", feedback_date=FEEDBACK, dry_run=True)
    except LedgerInvalid:
        return ""  # a broken file: the upload's own answer is what the test looks at
    decisions: dict = {"department": {}, "person": {}}
    for match in summary.names:
        if match.needs_decision:
            decisions[match.kind][match.name] = "create"
    return json.dumps(decisions, ensure_ascii=False)
