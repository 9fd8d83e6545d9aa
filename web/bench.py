"""Bench cases of the search box (``python manage.py bench --only web.search``).

N petitions (500k at --scale 1) with varied Chinese summaries. ``run`` is the whole search an
inspector's page asks for (actor, light contexts, every kind through its visibility);
``floor`` is the bare indexed query for the same term returning the same petitions: one
``LIKE`` over number and summary, newest first, the first CAP + 1 rows — on PostgreSQL served by
the trigram GIN indexes of migration web.0002; on SQLite, for a term of three characters or more,
the MATCH of the FTS5 trigram table of migration web.0003 (a shorter term is a scan there too).

* web.search — a rare four-character term (1 row in 1000 mentions it);
* web.search_common — a common term (1 row in 10): most rows match, the sort dominates;
* web.search_two_chars — a two-character term (no trigram: PostgreSQL cannot narrow by index).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from core.bench import BenchCase, fetch_all, register
from organization.models import Person
from organization.roles import Role, assign_roles
from petitions.lights import LightContext as PetitionLightContext
from petitions.models import Category, Channel, Kind, Petition, Status
from web import search as engine
from web.views.listing import COUNT_LIMIT

SEQ_BASE = 70_000_000
RARE, COMMON, TWO = "公车私用", "办事效率", "窗口"
# Phrases the summaries are built from; RARE and COMMON are placed by row number below.
WORDS = (
    "反映某科室工作人员服务态度生硬",
    "来电咨询社保缴费事宜",
    "反映小区物业收费不规范",
    "投诉窗口排队时间过长",
    "反映道路施工噪音扰民",
    "举报某单位违规发放津补贴",
    "反映食堂卫生状况较差",
    "建议增加公交线路班次",
    "反映停车场收费标准不明",
    "投诉热线长时间无人接听",
    "反映某站所工作人员上班玩手机",
    "举报某干部违规操办婚丧喜庆",
    "反映审批材料要求反复变化",
    "反映收费公示内容不全",
)


def _summary(i):
    parts = [WORDS[i % len(WORDS)], WORDS[(i * 7 + 3) % len(WORDS)]]
    if i % 10 == 5:
        parts.append(f"{COMMON}低下")
    if i % 1000 == 17:
        parts.append(f"某车队司机{RARE}")
    return "，".join(parts)


def _template(user, received, categories):
    return Petition(
        year=received.year,
        seq=SEQ_BASE,
        number=f"信〔{received.year}〕{SEQ_BASE}号",
        received_at=received,
        channel=Channel.values[0],
        kind=Kind.values[0],
        category=categories[0] if categories else None,
        summary=_summary(0),
        content="基准内容" * 10,
        status=Status.ACCEPTED,
        registered_by=user,
        registered_at=received,
    )


def _seed_sql(rows, user, start, categories):
    """PostgreSQL: the same rows as ``_seed_objects`` by one INSERT … SELECT over generate_series
    (building 500k model objects took longer than the whole bench may). The columns nobody varies
    take the values Django would write for a fresh petition."""
    template = _template(user, start, categories)
    varying = {"year", "seq", "number", "received_at", "registered_at", "channel", "kind", "category", "summary"}
    columns, values, params = [], [], []
    for f in Petition._meta.concrete_fields:
        if f.primary_key or f.name in varying:
            continue
        columns.append(f'"{f.column}"')
        values.append("%s")
        params.append(f.get_db_prep_save(getattr(template, f.attname), connection))
    words = "ARRAY[" + ",".join(["%s"] * len(WORDS)) + "]"
    step = 730 * 86400 / max(rows, 1)
    received = "(%s::timestamptz + (i * %s) * interval '1 second')"
    sql = f"""
        INSERT INTO petitions_petition ({", ".join(columns)}, "year", "seq", "number", "received_at",
            "registered_at", "channel", "kind", "category_id", "summary")
        SELECT {", ".join(values)},
            EXTRACT(YEAR FROM {received} AT TIME ZONE 'Asia/Shanghai')::int, {SEQ_BASE} + i,
            '信〔' || EXTRACT(YEAR FROM {received} AT TIME ZONE 'Asia/Shanghai')::int
                || '〕' || ({SEQ_BASE} + i) || '号',
            {received}, {received},
            (%s::text[])[1 + i %% %s], (%s::text[])[1 + i %% %s], (%s::bigint[])[1 + i %% %s],
            w[1 + i %% {len(WORDS)}] || '，' || w[1 + (i * 7 + 3) %% {len(WORDS)}]
            || CASE WHEN i %% 10 = 5 THEN '，{COMMON}低下' ELSE '' END
            || CASE WHEN i %% 1000 = 17 THEN '，某车队司机{RARE}' ELSE '' END
        FROM (SELECT {words} AS w) AS words, generate_series(0, %s) AS i
    """
    moment = [start, step]
    params += moment * 4  # year, the number's year, received_at, registered_at
    params += [list(Channel.values), len(Channel.values), list(Kind.values), len(Kind.values)]
    params += [[c.pk for c in categories] or [None], max(len(categories), 1)]
    params += [*WORDS, rows - 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _seed_objects(rows, user, start, categories):
    step = dt.timedelta(days=730) / max(rows, 1)
    batch = []
    for i in range(rows):
        received = start + step * i
        p = _template(user, received, categories)
        p.seq = SEQ_BASE + i
        p.number = f"信〔{received.year}〕{SEQ_BASE + i}号"
        p.channel = Channel.values[i % len(Channel.values)]
        p.kind = Kind.values[i % len(Kind.values)]
        p.category = categories[i % len(categories)] if categories else None
        p.summary = _summary(i)
        batch.append(p)
        if len(batch) == 5000:
            Petition.objects.bulk_create(batch)
            batch = []
    Petition.objects.bulk_create(batch)


def _seed(rows):
    user = get_user_model().objects.create_user(username="bench-search", password=None, first_name="bench")
    Person.objects.create(name="基准搜索人", user=user)
    assign_roles(user, Role.INSPECTOR)
    categories = list(Category.objects.order_by("pk"))
    start = timezone.now() - dt.timedelta(days=730)
    if connection.vendor == "postgresql":
        _seed_sql(rows, user, start, categories)
    else:
        _seed_objects(rows, user, start, categories)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A GIN index first files new rows in its pending list, which autovacuum merges in a
            # running system; inside the bench's one transaction nothing does, and every search
            # would read 500k pending entries. Merge them, as the steady state has them.
            cursor.execute(
                "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index "
                "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE 'search_trgm_petitions_%%'"
            )
        cursor.execute("ANALYZE petitions_petition")  # the planner needs the new rows' statistics
    connection.queries_log.clear()
    return {"user_id": user.pk}


def _run(term):
    def run(ctx):
        user = get_user_model().objects.get(pk=ctx["user_id"])  # fresh: actor resolution is part of the cost
        groups = engine.search(user=user, term=term)
        petitions = next((g for g in groups if g.kind == "petitions"), None)
        return [h.number for h in petitions.hits] if petitions else []

    return run


def _floor(term):
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # The expression Django writes for icontains (and the indexes are on): UPPER(col::text) on
    # PostgreSQL, whose LIKE escapes with a backslash by default; SQLite needs ESCAPE said. A short
    # caseless term is a plain LIKE, as web.search asks for it.
    pg = connection.vendor == "postgresql"
    cast, escape = ("::text", "") if pg else ("", " ESCAPE '\\'")
    if engine.lookup_for(term) == "icontains":
        number, summary, param = f"UPPER(number{cast})", f"UPPER(summary{cast})", "UPPER(%s)"
    else:
        number, summary, param = f"number{cast}", f"summary{cast}", "%s"
    sql = (
        f"SELECT id, number, summary FROM petitions_petition "
        f"WHERE ({number} LIKE {param}{escape} OR {summary} LIKE {param}{escape}) "
        "{bound}ORDER BY id DESC LIMIT %s"
    )
    # A short term reads the newest rows only (web.search._bounded): the floor reads the same.
    bound = (
        f"AND id > COALESCE((SELECT id FROM petitions_petition ORDER BY id DESC "
        f"LIMIT 1 OFFSET {engine.SHORT_SCAN_ROWS}), 0) "
        if engine.is_short(term)
        else ""
    )
    sql = sql.replace("{bound}", bound)
    if connection.vendor == "sqlite" and not engine.is_short(term):
        # The bare FTS5 query: the trigram MATCH alone (web.search adds the LIKE recheck).
        fts = engine.PETITION_FTS
        sql = (
            f"SELECT id, number, summary FROM petitions_petition WHERE id IN "
            f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s) ORDER BY id DESC LIMIT %s"
        )
        match = engine.fts_phrase(term, "number", "summary")

        def fts_floor(ctx):
            return [row[1] for row in fetch_all(sql, [match, engine.CAP + 1])][: engine.CAP]

        return fts_floor

    def floor(ctx):
        return [row[1] for row in fetch_all(sql, [pattern, pattern, engine.CAP + 1])][: engine.CAP]

    return floor


def _same(ctx, run_result, floor_result):
    assert run_result == floor_result, f"search differs from the floor: {run_result[:3]} / {floor_result[:3]}"
    assert run_result, "the term matched nothing: the bench would time an empty search"


for name, term, what in (
    ("web.search", RARE, "一个少见的四字词（千分之一的信访件含有）"),
    ("web.search_common", COMMON, "一个常见词（十分之一的信访件含有）"),
    ("web.search_two_chars", TWO, "两个字的词（无三元组可用）"),
):
    register(
        BenchCase(
            name=name,
            description=f"统一搜索：N 件信访件中搜索{what}；floor 为同一关键词的裸索引查询",
            size=500_000,
            setup=_seed,
            run=_run(term),
            floor=_floor(term),
            min_rows=2_000,
            check=_same,
        )
    )


# -- the 信访件 list page (web.views.listing.list_page): open items first, a page of 50 ---------------


def _list_setup(rows):
    from petitions.bench import _forget_setup_queries, _petitions, _user

    user = _user("bench-list-inspector", Role.INSPECTOR)
    _petitions(rows, user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition")
    _forget_setup_queries()
    return {"user_id": user.pk, "person_id": user.person.pk}


def _list_run(ctx):
    from django.test import RequestFactory

    from web.lists import PETITIONS
    from web.views.listing import list_page

    request = RequestFactory().get("/petitions/")
    request.user = get_user_model().objects.get(pk=ctx["user_id"])  # fresh: actor resolution is part of the cost
    context, status = list_page(request, PETITIONS, PETITIONS.filter(request.GET, request=request))
    assert status == 200, context["filter_errors"]
    lights = PetitionLightContext()
    page = context["page"]
    rows = [(p.pk, p.number, lights.light(p)) for p in page]
    return page.paginator.count, [(pk, number) for pk, number, _light in rows]


_VISIBLE = "(subject_person_id IS NULL OR subject_person_id <> %s)"  # the recusal (回避) the selector applies
_PENDING = "next_due IS NOT NULL AND archived_at IS NULL"  # petitions.open.PENDING_Q


def _list_floor(ctx):
    """The least work for the same first page: the total counted to the list's limit (the page shows
    超过 N 条 past it), then the open rows newest first (the index on received_at serves it and stops
    after 50), topped up from the others only when fewer are open."""
    person = [ctx["person_id"]]
    bounded = f"SELECT COUNT(*) FROM (SELECT 1 FROM petitions_petition WHERE {_VISIBLE} LIMIT %s) AS rows"
    count = min(fetch_all(bounded, [*person, COUNT_LIMIT + 1])[0][0], COUNT_LIMIT)
    order = "ORDER BY received_at DESC, id DESC LIMIT %s"
    rows = fetch_all(
        f"SELECT id, number FROM petitions_petition WHERE {_VISIBLE} AND {_PENDING} {order}", [*person, 50]
    )
    if len(rows) < 50:
        rest = f"SELECT id, number FROM petitions_petition WHERE {_VISIBLE} AND NOT ({_PENDING}) {order}"
        rows += fetch_all(rest, [*person, 50 - len(rows)])
    return count, [tuple(row) for row in rows]


def _list_same(ctx, run_result, floor_result):
    assert run_result == floor_result, (
        f"the list page differs from the floor: {run_result[1][:2]} / {floor_result[1][:2]}"
    )


register(
    BenchCase(
        name="web.petition_list_page",
        description="信访件列表页（纪检干部）：未办结在前、每页 50 件、总数与亮灯；floor 为同样排序的裸 SQL",
        size=500_000,
        setup=_list_setup,
        run=_list_run,
        floor=_list_floor,
        check=_list_same,
    )
)
