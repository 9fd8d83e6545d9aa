"""Similar summaries about the same subject (the SUBJECT reason of petitions.repeats).

PostgreSQL: pg_trgm's ``%`` operator on ``UPPER(summary::text)`` — the very expression of the
trigram GIN index of web migration 0002 — with the threshold set for the transaction, then the
candidates ordered by ``similarity()``. One statement for a whole batch of new petitions: the
targets come in as a VALUES list and each one's candidates are a LATERAL subquery.

SQLite has no trigram operator: the candidates are narrowed by the same subject and window,
bounded per target (``CANDIDATES``, newest first), and scored here with the same measure pg_trgm
uses (``trigram_similarity``: words padded with two blanks before and one after, upper-cased,
shared trigrams over all trigrams), so one threshold means the same on both databases.
"""

import re

from django.db import connection

CANDIDATES = 200  # per new petition on SQLite, before scoring

_WORD = re.compile(r"\w+")


def trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in _WORD.findall((text or "").upper()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    ga, gb = trigrams(a), trigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def values_sql(targets, types=("", "", "", "", "", "")):
    """The targets as SQL VALUES rows (id, since, received_at, person, department, summary) and params."""
    adapt = connection.ops.adapt_datetimefield_value
    row = "(" + ", ".join(f"%s{t}" for t in types) + ")"
    params: list = []
    for t in targets:
        params += [t.pk, adapt(t.since), adapt(t.received_at), t.person_id, t.department_id, t.summary]
    return ", ".join([row] * len(targets)), params


# The candidate conditions both databases share: the same subject, inside the window, earlier
# (ties broken by id, so two petitions of one import batch compare one way only), not 上级管辖,
# not archived, with a summary.
_CANDIDATE_WHERE = """
    c.id <> t.id
    AND (c.subject_person_id = t.person_id OR c.subject_department_id = t.department_id)
    AND c.received_at >= t.since
    AND (c.received_at < t.received_at OR (c.received_at = t.received_at AND c.id < t.id))
    AND NOT c.is_restricted
    AND c.archived_at IS NULL
    AND c.summary <> ''
"""

PG_SQL = f"""
WITH t(id, since, received_at, person_id, department_id, summary) AS (VALUES {{values}})
SELECT t.id, m.id, m.sim
FROM t CROSS JOIN LATERAL (
    SELECT c.id, similarity(UPPER(c.summary::text), UPPER(t.summary)) AS sim, c.received_at
    FROM petitions_petition c
    WHERE UPPER(c.summary::text) %% UPPER(t.summary) AND {_CANDIDATE_WHERE}
    ORDER BY sim DESC, c.received_at, c.id
    LIMIT %s
) m
"""

SQLITE_SQL = f"""
WITH t(id, since, received_at, person_id, department_id, summary) AS (VALUES {{values}})
SELECT tid, cid, summary, t_summary FROM (
    SELECT t.id AS tid, c.id AS cid, c.summary AS summary, t.summary AS t_summary,
           ROW_NUMBER() OVER (PARTITION BY t.id ORDER BY c.received_at DESC, c.id DESC) AS n
    FROM t JOIN petitions_petition c ON {_CANDIDATE_WHERE}
) WHERE n <= %s
"""

PG_TYPES = ("::bigint", "::timestamptz", "::timestamptz", "::bigint", "::bigint", "::text")


def similar(targets, *, threshold: float, limit: int) -> list[tuple[int, int, float]]:
    """(target id, candidate id, similarity) for each target's candidates at or above ``threshold``,
    best first, at most ``limit`` per target; one statement (two on PostgreSQL) for the batch."""
    targets = [t for t in targets if t.summary and (t.person_id or t.department_id)]
    if not targets:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values, params = values_sql(targets, PG_TYPES)
            # set_config(..., true): for this transaction only (the caller runs inside one).
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
            cursor.execute(PG_SQL.format(values=values), [*params, limit])
            return [(tid, cid, float(sim)) for tid, cid, sim in cursor.fetchall()]
        values, params = values_sql(targets)
        cursor.execute(SQLITE_SQL.format(values=values), [*params, CANDIDATES])
        rows = cursor.fetchall()
    scored: dict[int, list[tuple[float, int]]] = {}
    for tid, cid, summary, t_summary in rows:
        sim = trigram_similarity(summary, t_summary)
        if sim >= threshold:
            scored.setdefault(tid, []).append((sim, cid))
    out = []
    for tid, pairs in scored.items():
        pairs.sort(key=lambda p: (-p[0], p[1]))
        out += [(tid, cid, sim) for sim, cid in pairs[:limit]]
    return out
