"""The SQLite FTS5 trigram index of petitions (migration web.0003) behind the search box.

On SQLite a term of three characters or more is narrowed by the FTS table, then rechecked with
``icontains``: the rows must be exactly those of the plain ``icontains`` query, whatever the term
holds (LIKE wildcards, quotes, FTS5 operator words), and the table must follow every write.
PostgreSQL has its own trigram GIN indexes (web.0002) and no FTS table: the module is skipped there.
"""

import pytest
from django.db import connection
from django.db.models import Q

from core.scoping import visible_to
from petitions import services as petition_services
from petitions.models import Petition
from tests.petitions.factories import accepted, register
from web import search as engine

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's; PostgreSQL uses pg_trgm (web.0002)"),
]

FTS = engine.PETITION_FTS
SUMMARIES = (
    "反映某科长公车私用问题",
    "满意度100%达标的说法不实",
    "字段a_b被篡改",
    'He said "hello" loudly',
    "AND OR NEAR 三个英文词",
    "NEAR(甲 乙) 与 col:summary 写法",
    "星号*与脱字^符号",
    "ABC大写字母",
    "abc小写字母",
    "窗口办事效率低下",
)
TERMS = (
    "公车私用",
    "科长公",
    "100%",
    "0%达",
    "%%%",
    "a_b",
    "__b",
    '"hello"',
    'd "h',
    '"""',
    "AND",
    "OR NEAR",
    "NEAR(甲",
    "col:summary",
    "星号*",
    "*与脱",
    "abc",
    "ABC",
    "效率低下",
    "信〔",  # the number's prefix
    "不存在的词",
)


@pytest.fixture
def rows(inspector):
    return [register(inspector, summary=s) for s in SUMMARIES]


def _plain(user, term):
    query = Q(number__icontains=term) | Q(summary__icontains=term)
    return set(visible_to(Petition, user=user).filter(query).values_list("pk", flat=True))


def _fts(term, *columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [engine.fts_phrase(term, *columns)])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("term", TERMS)
def test_results_equal_the_plain_icontains_query(inspector, rows, term):
    found = set(engine.petition_search_queryset(user=inspector, term=term).values_list("pk", flat=True))
    assert found == _plain(inspector, term)


def test_the_terms_do_match_something(inspector, rows):
    """The equality above is not the trivial one of two empty sets."""
    empty = [t for t in TERMS if not _plain(inspector, t)]
    assert empty == ["%%%", "__b", '"""', "不存在的词"]  # literal: a wildcard or operator matching all would fail
    assert len(_plain(inspector, "abc")) == 2  # case-insensitive for ASCII, like icontains
    assert len(_plain(inspector, "信〔")) == len(SUMMARIES)


def test_the_fts_table_follows_inserts_updates_and_deletes(inspector):
    petition = register(inspector, summary="反映某科长公车私用问题")
    assert _fts("公车私用", "summary") == {petition.pk}
    assert _fts(petition.number, "number") == {petition.pk}
    Petition.objects.filter(pk=petition.pk).update(summary="改为窗口排队过长")
    assert _fts("公车私用", "summary") == set()
    assert _fts("窗口排队", "summary") == {petition.pk}
    with connection.cursor() as cursor:  # the row itself, below every rule a service keeps
        cursor.execute("DELETE FROM petitions_petitionevent WHERE petition_id = %s", [petition.pk])
        cursor.execute("DELETE FROM petitions_petition WHERE id = %s", [petition.pk])
    assert _fts("窗口排队", "summary") == set()
    assert _fts(petition.number, "number") == set()
    with connection.cursor() as cursor:  # the index agrees with its content table
        cursor.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")


def test_the_triggers_survive_every_later_migration():
    """Django remakes a SQLite table to alter it, and dropping the old one drops its triggers: a
    later migration of petitions_petition must recreate them (web.0003's ``create``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'petitions_petition' "
            "AND name LIKE %s",
            [f"{FTS}_%"],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == [f"{FTS}_ad", f"{FTS}_ai", f"{FTS}_au"]


def test_the_query_plan_reads_the_fts_table(inspector, rows, django_assert_num_queries):
    qs = engine.petition_search_queryset(user=inspector, term="公车私用")[: engine.CAP + 1]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and FTS in plan, plan
    with django_assert_num_queries(1):
        assert [p.summary for p in qs] == [SUMMARIES[0]]


def test_short_terms_keep_the_plain_path(inspector, rows):
    sql = str(engine.petition_search_queryset(user=inspector, term="公车").query)
    assert FTS not in sql
    assert str(engine.petition_search_queryset(user=inspector, term="公车私").query).count(FTS) == 2


def test_an_office_still_sees_only_its_own_transfers(client_as, inspector, office_a, dept_a, dept_b):
    def transfer(department):
        return petition_services.petition_transfer(
            user=inspector, petition=accepted(inspector), department=department, summary="请核查窗口办事效率问题"
        )

    mine, other = transfer(dept_a), transfer(dept_b)
    assert _fts("窗口办事效率", "transfer_summary") == {mine.pk, other.pk}
    response = client_as(office_a).get("/search/", {"q": "窗口办事效率"})
    [group] = response.context["groups"]
    assert group.kind == "transfers" and [h.number for h in group.hits] == [mine.number]
    # The office's box matches 转办摘要, never the 内容摘要 the FTS table also holds.
    assert client_as(office_a).get("/search/", {"q": "接线员态度"}).context["groups"] == []
