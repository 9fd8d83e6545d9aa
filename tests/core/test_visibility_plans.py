"""Issue 18 §4: the reads every dashboard makes stay cheap as the petition table grows.

* 回避 through a multi-valued path (a petition's ``recusals``) is ``pk NOT IN`` one subquery, not an
  ``OR EXISTS`` probed for every row (core.scoping._recused): the same rows, and on PostgreSQL a
  subplan run once.
* 期限按估算的事项 reads a partial index of the rows with a warning (deadlines.indexes), not the
  whole table.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.scoping import visible_to
from petitions.bench import _petitions
from petitions.models import DUE_FIELDS, Petition, PetitionEvent, PetitionRecusal
from web import estimated

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's")
ROWS = 3000


def _nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    plan = raw if isinstance(raw, list) else json.loads(raw)
    return list(_nodes(plan[0]["Plan"]))


def _load(user):
    _petitions(ROWS, user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition, petitions_petitionrecusal")


def test_recusal_through_recusals_is_one_not_in_with_the_same_rows(inspector):
    _petitions(6, inspector)
    about, named, *others = Petition.objects.order_by("pk")
    PetitionRecusal.objects.create(petition=about, person=inspector.person)
    Petition.objects.filter(pk=named.pk).update(subject_person=inspector.person)
    rows = visible_to(Petition, user=inspector)
    sql = str(rows.query)
    assert "EXISTS" not in sql.upper() and '"petitions_petition"."id" IN (SELECT' in sql, sql
    assert sorted(rows.values_list("pk", flat=True)) == sorted(p.pk for p in others)
    events_sql = str(visible_to(PetitionEvent, user=inspector).query)
    assert "EXISTS" not in events_sql.upper(), events_sql


@on_postgresql
def test_a_count_of_visible_petitions_runs_the_recusal_subquery_once(inspector):
    _load(inspector)
    PetitionRecusal.objects.create(petition=Petition.objects.order_by("pk").first(), person=inspector.person)
    sql, params = (
        visible_to(Petition, user=inspector).filter(next_due__isnull=False).values("pk").query.sql_with_params()
    )
    nodes = _explain(f"SELECT COUNT(*) FROM ({sql}) AS rows", params)
    recusal_scans = [n for n in nodes if n.get("Relation Name") == "petitions_petitionrecusal"]
    assert recusal_scans and all(n.get("Actual Loops", 1) == 1 for n in recusal_scans), recusal_scans


@on_postgresql
def test_estimated_items_are_read_from_the_partial_index(inspector):
    _load(inspector)
    flagged = list(Petition.objects.order_by("pk").values_list("pk", flat=True)[:30])  # every status among them
    warning = "2027年节假日安排未录入，期限为估算"
    Petition.objects.filter(pk__in=flagged).update(**{f"{name}_warning": warning for name in DUE_FIELDS})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition")
    with CaptureQueriesContext(connection) as queries:
        groups = estimated.estimated_groups(inspector)
    petitions = [q for q in queries.captured_queries if 'FROM "petitions_petition"' in q["sql"]]
    assert len(petitions) == 1
    assert [g for g in groups if g.kind.model is Petition]
    raw = petitions[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + raw)
        plan = cursor.fetchone()[0]
    nodes = list(_nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]))
    scans = [(n["Node Type"], n.get("Index Name")) for n in nodes if n.get("Relation Name") == "petitions_petition"]
    # the rows come from the partial index; the table is otherwise read by primary key only (the
    # 回避 subquery's few rows), never scanned
    assert scans[0] == ("Index Scan", "petitions_estimated_due"), scans
    assert all(name in ("petitions_estimated_due", "petitions_petition_pkey") for _, name in scans), scans
