"""统一搜索 (/search/): one box over every kind, each result only where its visibility allows.

Given rows of every kind that all mention one term, each role finds exactly what its own lists
would show it — and never a reporter, never an item about itself, never a petition's content
through an office's box.
"""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from petitions import services as petition_services
from petitions.models import Kind, Petition
from tests.discipline.factories import draft_recommendation, issued_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.reports.factories import ActivityFactory
from web import search as engine

pytestmark = pytest.mark.django_db

TERM = "公车私用"
URL = reverse("web:search")


def _get(client, q):
    return client.get(URL, {"q": q})


def _kinds(response):
    return [g.kind for g in response.context["groups"]]


def _texts(response):
    return {(g.kind, h.text) for g in response.context["groups"] for h in g.hits}


@pytest.fixture
def world(inspector, dept_a, dept_b):
    """One row of every kind mentioning TERM; the measures and letters split between two departments."""
    rnd = RoundFactory(name=f"2024年{TERM}专项巡察")
    problem_a = ProblemFactory(round=rnd, text=f"甲处存在{TERM}问题")
    measure_a = MeasureFactory(problem=problem_a, content=f"甲处整治{TERM}", lead_department=dept_a)
    problem_b = ProblemFactory(round=RoundFactory(name="另一轮巡察"), text=f"乙处存在{TERM}问题")
    measure_b = MeasureFactory(problem=problem_b, content=f"乙处整治{TERM}", lead_department=dept_b)
    petition = register(inspector, summary=f"反映某科长{TERM}", content=f"详细内容：{TERM}，周末开公车")
    transfer = petition_services.petition_transfer(
        user=inspector,
        petition=accepted(inspector, summary="反映办事效率低", content=f"内容里提到{TERM}"),
        department=dept_a,
        summary="请核查窗口办事效率问题",
    )
    clue = register_clue(inspector, summary=f"反映某处长{TERM}")
    rec_a = issued_recommendation(inspector, department=dept_a, title=f"关于整治{TERM}的纪律检查建议")
    rec_b = issued_recommendation(inspector, department=dept_b, title=f"关于乙处{TERM}的纪律检查建议")
    draft = draft_recommendation(inspector, department=dept_a, title=f"草稿：{TERM}")
    activity = ActivityFactory(title=f"{TERM}专题警示教育会")
    return {
        "round": rnd,
        "problem_a": problem_a,
        "measure_a": measure_a,
        "measure_b": measure_b,
        "petition": petition,
        "transfer": transfer,
        "clue": clue,
        "rec_a": rec_a,
        "rec_b": rec_b,
        "draft": draft,
        "activity": activity,
    }


def test_inspector_finds_every_kind_grouped_with_number_light_and_link(client_as, inspector, world):
    response = _get(client_as(inspector), TERM)
    assert response.status_code == 200
    assert _kinds(response) == [
        "rounds",
        "problems",
        "measures",
        "petitions",
        "clues",
        "recommendations",
        "activities",
    ]
    groups = {g.kind: g for g in response.context["groups"]}
    petition_hit = groups["petitions"].hits[0]
    assert petition_hit.number == world["petition"].number
    assert petition_hit.url == reverse("web:petition-detail", args=[world["petition"].pk])
    assert petition_hit.light in {"green", "yellow", "red", "grey", "none"}
    assert groups["clues"].hits[0].number == world["clue"].number
    assert groups["measures"].hits[0].light == "green"  # due in 60 days
    measures = {h.url: h.number for h in groups["measures"].hits}
    measure = world["measure_a"]
    code = f"问题{measure.problem.order}-措施{measure.order}"  # the ledger's own name, not the problem's
    assert measures[reverse("web:measure-detail", args=[measure.pk])] == code
    letters = {h.text for h in groups["recommendations"].hits}
    assert letters == {world["rec_a"].title, world["rec_b"].title, world["draft"].title}
    html = response.content.decode()
    assert 'data-kind="petitions"' in html and world["petition"].number in html
    assert f'href="{reverse("web:clue-detail", args=[world["clue"].pk])}"' in html
    # A petition's content is not searched: the transferred one mentions TERM only there.
    assert world["transfer"].number not in html


def test_office_finds_only_its_department_and_petitions_only_as_transfers(client_as, office_a, world):
    client = client_as(office_a)
    response = _get(client, TERM)
    found = _texts(response)
    assert ("measures", world["measure_a"].content) in found
    assert ("measures", world["measure_b"].content) not in found
    assert ("problems", world["problem_a"].text) in found
    assert [h.text for g in response.context["groups"] if g.kind == "rounds" for h in g.hits] == [world["round"].name]
    assert ("recommendations", world["rec_a"].title) in found
    assert ("recommendations", world["rec_b"].title) not in found  # another department's letter
    assert ("recommendations", world["draft"].title) not in found  # drafts stay with 纪检
    assert not {"petitions", "clues", "activities"} & set(_kinds(response))
    assert "transfers" not in _kinds(response)  # TERM is in the petition's content, which an office never reads
    html = response.content.decode()
    assert world["petition"].number not in html and world["clue"].summary not in html
    # The 转办摘要 is what the office searches: found, linked to the 转办件 page.
    response = _get(client, "窗口办事效率")
    [group] = response.context["groups"]
    assert group.kind == "transfers" and group.hits[0].number == world["transfer"].number
    assert group.hits[0].url == reverse("web:transfer-detail", args=[world["transfer"].pk])
    # …but not its summary or content (an oracle into what the office must not read).
    assert _get(client, "办事效率低").context["groups"] == []


def test_leader_reads_what_leaders_read(client_as, leader, inspector, world):
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason="superior")
    response = _get(client_as(leader), TERM)
    kinds = _kinds(response)
    assert "petitions" in kinds and "activities" in kinds and "measures" in kinds
    assert "clues" not in kinds  # leaders get clue counts only, never rows
    found = _texts(response)
    assert ("recommendations", world["draft"].title) not in found
    assert ("recommendations", world["rec_b"].title) in found
    assert _get(client_as(leader), restricted.number).context["groups"] == []  # 上级管辖件: not for leaders
    [group] = _get(client_as(inspector), restricted.number).context["groups"]
    assert [h.number for h in group.hits] == [restricted.number]


def test_system_administrator_and_a_bare_superuser_learn_nothing(client, client_as, admin_user, world):
    for user in (admin_user, make_user(username="root2", superuser=True)):
        response = _get(client_as(user), TERM)
        assert response.status_code == 403
        assert world["petition"].number not in response.content.decode()
    # Holding a reading role too does not open petitions or clues to an administrator (三员分立).
    dual = make_user(Role.ADMIN, Role.INSPECTOR, username="dual")
    assert engine.search(user=dual, term=TERM) and not {"petitions", "clues"} & {
        g.kind for g in engine.search(user=dual, term=TERM)
    }
    assert _get(client, TERM).status_code == 302  # anonymous: to the login page


def test_a_reporters_name_or_phone_finds_nothing(client_as, supervisor, world):
    client = client_as(supervisor)  # the supervisor may even see identities on the detail page
    for needle in (REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.phone[-4:], REPORTER.name[:2]):
        response = _get(client, needle)
        assert response.context["groups"] == [], needle
        assert 'id="search-empty"' in response.content.decode()


def test_nobody_finds_what_is_about_themselves(client_as, inspector, supervisor, world):
    about_me = register(inspector, summary=f"反映纪检组长{TERM}", subject_person=supervisor.person)
    clue_about_me = register_clue(inspector, subject=supervisor.person, summary=f"反映组长本人{TERM}")
    mine = _get(client_as(supervisor), TERM)
    assert about_me.number not in mine.content.decode()
    assert clue_about_me.summary not in mine.content.decode()
    assert _get(client_as(supervisor), about_me.number).context["groups"] == []
    theirs = _get(client_as(inspector), TERM).content.decode()
    assert about_me.number in theirs and clue_about_me.summary in theirs


def test_clue_and_recommendation_numbers_are_found(client_as, inspector, world):
    response = _get(client_as(inspector), world["clue"].number)
    assert [(g.kind, g.hits[0].url) for g in response.context["groups"]] == [
        ("clues", reverse("web:clue-detail", args=[world["clue"].pk]))
    ]
    # 〔2026〕1号 is also part of 信〔2026〕1号 and may be a clue's 线〔2026〕1号: each kind answers for itself.
    response = _get(client_as(inspector), world["rec_a"].number)
    groups = {g.kind: [h.text for h in g.hits] for g in response.context["groups"]}
    assert groups["recommendations"] == [world["rec_a"].title]


def test_many_results_are_capped_with_a_link_to_the_filtered_list(client_as, inspector, world):
    for i in range(engine.CAP + 3):
        register(inspector, summary=f"第{i}件：{TERM}")
    response = _get(client_as(inspector), TERM)
    group = next(g for g in response.context["groups"] if g.kind == "petitions")
    assert len(group.hits) == engine.CAP and group.more
    assert group.all_url == reverse("web:petition-list") + "?text=" + "%E5%85%AC%E8%BD%A6%E7%A7%81%E7%94%A8"
    assert group.all_url in response.content.decode().replace("&amp;", "&")
    listed = client_as(inspector).get(group.all_url)
    # The list's own text filter also reads the content, where the transferred one mentions TERM.
    assert listed.status_code == 200 and listed.context["page"].paginator.count == engine.CAP + 5
    newest = Petition.objects.order_by("-pk").first()
    assert group.hits[0].number == newest.number  # newest first


def _seed(inspector, dept, n):
    rnd = RoundFactory(name=f"{TERM}轮次{n}")
    for i in range(n):
        problem = ProblemFactory(round=rnd, text=f"{TERM}问题{i}")
        MeasureFactory(problem=problem, content=f"{TERM}{i}", lead_department=dept)
        register(inspector, summary=f"{TERM}{i}")
        register_clue(inspector, summary=f"{TERM}{i}")
        issued_recommendation(inspector, department=dept, title=f"{TERM}{i}")
        ActivityFactory(title=f"{TERM}{i}")


# Why 26: the request itself 8 (session, user, its groups, person, departments, headed departments,
# the bell's unread count, the top bar's person name; the session save 3: savepoint, update,
# release), the light contexts 8 (each loads the deadline policy — measures 1; petitions 1 + 2 for
# the working-day calendar; clues and recommendations 1 + their rules' units each), and one query
# per kind (seven). The same with one match per kind as with twenty: nothing is read per row.
SEARCH_QUERIES = 26


@pytest.mark.parametrize("rows", [1, 20])
def test_the_query_count_does_not_grow_with_the_results(client_as, inspector, dept_a, rows, django_assert_num_queries):
    _seed(inspector, dept_a, rows)
    client = client_as(inspector)
    client.get(reverse("home"))  # warm the per-process caches (content types, the calendar's years)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = _get(client, TERM)
    assert len(response.context["groups"]) == 7
    assert all(len(g.hits) == min(rows, engine.CAP) for g in response.context["groups"] if g.kind != "rounds")


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("长" * 10_000, "不能超过100个字"),
        ("公车\x00私用", "控制字符"),
        ("公车\x1b[31m", "控制字符"),
        ("公车\u202e私用", "控制字符"),  # a right-to-left override
        ("车", "至少输入2个字"),
        ("%", "至少输入2个字"),
    ],
)
def test_hostile_terms_are_a_clear_400(client_as, inspector, q, message):
    response = _get(client_as(inspector), q)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert "长" * 200 not in html  # the noise is not echoed back


def test_blank_terms_show_the_box_without_searching(client_as, inspector, django_assert_max_num_queries):
    client = client_as(inspector)
    for q in ("", "   ", "\u3000\u3000", "\t"):
        response = _get(client, q)
        assert response.status_code == 200 and response.context["groups"] == []
        assert "至少2个字" in response.content.decode()


def test_percent_and_underscore_are_literal(client_as, inspector):
    hit = register(inspector, summary="整改完成率100%的通报")
    register(inspector, summary="整改完成率1000件")
    under = register(inspector, summary="文件a_b编号")
    register(inspector, summary="文件axb编号")
    client = client_as(inspector)
    assert [h.number for g in _get(client, "100%").context["groups"] for h in g.hits] == [hit.number]
    assert [h.number for g in _get(client, "a_b").context["groups"] for h in g.hits] == [under.number]
    assert _get(client, "%%").context["groups"] == []
    assert _get(client, "__").context["groups"] == []


def test_the_top_bar_carries_the_box_for_reading_roles_only(client_as, inspector, office_a, admin_user):
    assert 'class="topbar-search"' in client_as(inspector).get(reverse("home")).content.decode()
    assert 'class="topbar-search"' in client_as(office_a).get(reverse("home")).content.decode()
    assert 'class="topbar-search"' not in client_as(admin_user).get(reverse("home")).content.decode()


def test_a_term_matching_nothing_says_so(client_as, inspector, world):
    response = _get(client_as(inspector), "查无此事")
    assert response.status_code == 200 and 'id="search-empty"' in response.content.decode()


def test_a_long_excerpt_is_cut_around_the_match(client_as, inspector):
    text = "前言" * 100 + TERM + "后文" * 100
    register(inspector, summary=text)
    [group] = _get(client_as(inspector), TERM).context["groups"]
    excerpt = group.hits[0].text
    assert TERM in excerpt and excerpt.startswith("…") and excerpt.endswith("…") and len(excerpt) <= engine.EXCERPT + 2


def test_archived_measures_are_not_found(client_as, inspector, dept_a):
    measure = MeasureFactory(content=f"已归档的{TERM}", lead_department=dept_a)
    measure.archived_at = timezone.now() - dt.timedelta(days=1)
    measure.save()
    assert "measures" not in _kinds(_get(client_as(inspector), TERM))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's")
def test_on_postgresql_the_petition_search_is_served_by_the_trigram_indexes(inspector):
    """The queryset the page runs (its SQL, as Django writes it) can be answered from the GIN indexes:
    ``UPPER(col::text) LIKE UPPER(%s)`` matches the indexed expression. Sequential scans are switched
    off for the EXPLAIN only because a test table is too small for the planner to bother, and plain
    index scans too: once another test has ANALYZEd the tiny table (statistics outlive its rollback),
    walking the primary key backwards looks cheapest; what matters is that the GIN indexes serve."""
    register(inspector, summary=f"反映{TERM}")
    qs = engine.petition_search_queryset(user=inspector, term=TERM)
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_trgm_petitions_petition_summary" in plan, plan
    assert "search_trgm_petitions_petition_number" in plan, plan


def test_a_two_character_term_reads_only_the_newest_rows_and_says_so(client_as, inspector, monkeypatch):
    monkeypatch.setattr(engine, "SHORT_SCAN_ROWS", 2)
    oldest = register(inspector, summary="投诉窗口排队一")
    register(inspector, summary="无关")
    newer = [register(inspector, summary=f"投诉窗口排队{i}") for i in range(2)]
    client = client_as(inspector)
    response = _get(client, "窗口")
    numbers = [h.number for g in response.context["groups"] for h in g.hits]
    assert numbers == [p.number for p in reversed(newer)]  # the newest two rows only
    assert 'id="search-short"' in response.content.decode()
    response = _get(client, "窗口排队")  # three characters or more: the whole table, by the index
    numbers = [h.number for g in response.context["groups"] for h in g.hits]
    assert numbers == [p.number for p in reversed(newer)] + [oldest.number]
    assert 'id="search-short"' not in response.content.decode()
