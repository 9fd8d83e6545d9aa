"""Issue 18 §1: right after a bulk load, before any ANALYZE, PostgreSQL still plans the measure list
pages and the ledger export in time linear in the rows; a large ledger import analyses what it wrote.

Without statistics the planner guesses that ``archived_at IS NULL`` keeps 0.5% of the rows (it
keeps all of them). With an index on ``archived_at`` it then ANDs that index into every lookup of a
nested loop — rereading all of the index once per joined row: 44 s for a 50-row page of 10k
measures. Wall time is never asserted: the guard is the work EXPLAIN ANALYZE counts (rows produced
or filtered away by every node, times its loops), which grows with the square of the rows in the
trap and linearly outside it. The estimated cost cannot tell the two apart — the trap *is* the
planner believing the bad plan cheap.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import db as core_db
from rectification.bench_data import _build_round, _org
from rectification.ledger import export_ledger, import_ledger
from rectification.ledger.fill import apply_progress_upload
from rectification.models import InspectionRound, Measure
from tests.rectification.fill_helpers import as_bytes, export, fill
from tests.rectification.importing import FEEDBACK, SAMPLE

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")

MEASURES = 3000
# Work per measure of a linear plan: the measure, its problem, round, aspect, people, departments,
# and the small tables a blind nested loop scans per row — about 12 measured at 3000 measures. The
# trap's: one pass over a whole archived_at index per problem, about 1200 (MEASURES / 2.5, growing
# with the rows). The bound sits a factor of ten from each.
LINEAR_WORK_PER_ROW = 120

LOADED = [
    "rectification_inspectionround",
    "rectification_aspect",
    "rectification_problem",
    "rectification_measure",
    "rectification_measurecodepartment",
    "organization_department",
    "organization_person",
]


def _forget_statistics():
    """The state a first bulk import starts from: no statistics, and no autovacuum to gather them
    while the test runs (both undone by the test's rollback). ALTER TABLE refuses a table with
    deferred constraint checks pending (the fixtures' users): they are run first."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in LOADED:
            cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:  # earlier committed tests' data may have been analysed since
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = ANY(%s::regclass[])", [LOADED])
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = ANY(%s)", [LOADED])
        assert cursor.fetchone()[0] == 0, "the loaded tables must have no statistics for this test"


def _bulk_load():
    departments, people = _org(n_departments=30, n_people=60)
    for r in range(3):
        _build_round(f"统计测试轮次{r}", MEASURES // 3, departments, people, today=FEEDBACK)


def _work(node) -> float:
    own = (
        node.get("Actual Rows", 0)
        + node.get("Rows Removed by Filter", 0)
        + node.get("Rows Removed by Join Filter", 0)
        + node.get("Rows Removed by Index Recheck", 0)
    ) * node.get("Actual Loops", 1)
    return own + sum(_work(child) for child in node.get("Plans", ()))


def _measure_queries_work(queries):
    """(work, sql) of every SELECT reading the measure table, as EXPLAIN ANALYZE counts it."""
    out = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and "rectification_measure" in sql:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql)
                (plan,) = cursor.fetchone()[0]
                out.append((_work(plan["Plan"]), sql[:200]))
    return out


@on_postgresql
@pytest.mark.parametrize("page", ["api", "web", "export"])
def test_the_measure_list_pages_and_the_export_are_linear_without_statistics(page, api_as, client, inspector):
    _forget_statistics()
    _bulk_load()
    with CaptureQueriesContext(connection) as captured:
        if page == "api":
            assert api_as(inspector).get("/api/v1/measures/").status_code == 200
        elif page == "web":
            client.force_login(inspector)
            assert client.get(reverse("web:measure-list")).status_code == 200
        else:  # the 整改台账 export of one round (a third of the measures)
            assert export_ledger(user=inspector, round=InspectionRound.objects.first(), out=io.BytesIO()) > 0
    works = _measure_queries_work(captured.captured_queries)
    assert works, "the page read no measures"
    bound = LINEAR_WORK_PER_ROW * MEASURES
    for work, sql in works:
        assert work < bound, f"{work:.0f} rows of work (bound {bound}) for: {sql}"


@on_postgresql
def test_no_index_leads_with_archived_at(db):
    """The index the trap needs: ``archived_at`` as the only or first key without a predicate that
    excludes the not-archived rows. A partial index (WHERE archived_at IS NULL) on other columns is fine."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND a.attname = 'archived_at' AND i.indpred IS NULL
            """
        )
        assert cursor.fetchall() == []


# -- ANALYZE after an import ----------------------------------------------------------------------


def _analyze_statements(queries):
    return [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]


def _import(**kwargs):
    return import_ledger(
        source=SAMPLE.read_bytes(), round_name="统计测试轮次", feedback_date=FEEDBACK, create_missing=True, **kwargs
    )


@on_postgresql
def test_a_large_ledger_import_analyses_its_tables_after_commit(
    inspector, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(core_db, "ANALYZE_MIN_ROWS", 5)  # the sample's 5 problems and 8 measures count as large
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True) as queued:
        _import(user=inspector)
        assert _analyze_statements(captured.captured_queries) == []  # not inside the import's transaction
    assert queued, "the import queued no ANALYZE"
    (statement,) = _analyze_statements(captured.captured_queries)
    for model in ("rectification_measure", "rectification_problem", "rectification_aspect"):
        assert f'"{model}"' in statement, statement
    assert Measure.objects.filter(problem__round__name="统计测试轮次").count() == 8


@on_postgresql
@pytest.mark.django_db
def test_a_small_import_or_a_dry_run_does_not_analyse(monkeypatch, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        monkeypatch.setattr(core_db, "ANALYZE_MIN_ROWS", 5)
        _import(dry_run=True)  # large enough, but rolled back
        monkeypatch.setattr(core_db, "ANALYZE_MIN_ROWS", 500)
        _import()  # 13 rows: below the threshold
    assert _analyze_statements(captured.captured_queries) == []
    assert InspectionRound.objects.filter(name="统计测试轮次").count() == 1


@on_postgresql
def test_analyze_inside_a_transaction_gives_the_planner_statistics(db):
    _forget_statistics()
    _bulk_load()
    assert core_db.analyze(Measure) == ["rectification_measure"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT null_frac FROM pg_stats WHERE tablename = 'rectification_measure' AND attname = 'archived_at'"
        )
        assert cursor.fetchone() == (1.0,)  # every row is current, as the planner now knows


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite half of core.db")
def test_analyze_does_nothing_on_sqlite(db):
    assert core_db.analyze(Measure) == [] and core_db.tables_written_in_transaction() == []
    assert core_db.analyze_after_commit(Measure, rows=10_000) is False


@on_postgresql
def test_a_large_fill_sheet_upload_analyses_the_progress_notes(
    measure_a, office_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(core_db, "ANALYZE_MIN_ROWS", 1)  # one note counts as large here
    wb, _count = export(office_a)
    fill(wb.worksheets[0], "甲部门牵头的措施", progress="已印发实施")
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        apply_progress_upload(user=office_a, source=as_bytes(wb))
    assert _analyze_statements(captured.captured_queries) == ['ANALYZE "rectification_progressupdate"']
