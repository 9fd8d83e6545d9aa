"""The ledger import's cost follows its work, not its rows: the same queries for 40 rows as for
400 (SQLite included, where Django's bulk_create would split every 40 measures), every row and
its history written, and the ids handed out in one go never clash with rows written later."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organization.models import Person
from rectification.bench import _ledger_bytes
from rectification.bench_data import FEEDBACK
from rectification.ledger import import_ledger
from rectification.models import Measure, MeasureCoDepartment, Problem
from tests.rectification.factories import MeasureFactory


def _import(rows, name):
    data = _ledger_bytes(rows)
    with CaptureQueriesContext(connection) as captured:
        summary = import_ledger(source=data, round_name=name, feedback_date=FEEDBACK, create_missing=True)
    assert summary.measures == rows
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_rows():
    small = _import(40, "小轮次")
    large = _import(400, "大轮次")
    assert large <= small, (small, large)


@pytest.mark.django_db
def test_every_row_has_its_creation_history_and_ids_stay_unique():
    _import(120, "轮次甲")
    measures = Measure.objects.filter(problem__round__name="轮次甲")
    assert measures.count() == 120
    ids = list(measures.values_list("pk", flat=True))
    history = Measure.history.filter(id__in=ids, history_type="+")
    assert sorted(history.values_list("id", flat=True)) == sorted(ids)
    assert all(
        reason.startswith("由整改台账导入（工作表“整改台账”第")
        for reason in history.values_list("history_change_reason", flat=True)
    )
    problems = Problem.objects.filter(round__name="轮次甲")
    assert Problem.history.filter(id__in=problems.values("pk"), history_type="+").count() == problems.count()
    links = MeasureCoDepartment.objects.filter(measure__in=ids)
    assert links.exists() and MeasureCoDepartment.history.filter(id__in=links.values("pk")).count() == links.count()
    assert (
        Person.history.filter(name__startswith="新人员", history_type="+").count()
        == Person.objects.filter(name__startswith="新人员").count()
        > 0
    )
    # A measure saved afterwards the ordinary way takes the next free id.
    later = MeasureFactory()
    assert later.pk > max(ids)
