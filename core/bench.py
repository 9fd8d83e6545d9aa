"""Benchmark registry for ``python manage.py bench``.

A case builds synthetic data (bulk inserts) of ``size × scale`` rows, then times
``run`` (the system's code path) against ``floor`` (the least work that produces the
same result: raw SQL for a list page, openpyxl's write-only writer for an export …).
The command reports median seconds, the ratio to the floor, queries and peak memory.
On PostgreSQL it runs ANALYZE on the tables a case's setup wrote before timing (inside the
rolled-back transaction: pg_statistic is transactional), as production's planner has statistics.
Benchmarks are never tests: tests assert query counts instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class BenchCase:
    name: str
    description: str
    size: int  # nominal rows at --scale 1
    setup: Callable[[int], Any]  # (rows) -> context passed to run and floor
    run: Callable[[Any], Any]
    floor: Callable[[Any], Any]
    min_rows: int = 50
    check: Callable[[Any, Any, Any], None] | None = None  # (ctx, run_result, floor_result): assert same work

    def rows(self, scale: float) -> int:
        return max(self.min_rows, int(self.size * scale))


_cases: dict[str, BenchCase] = {}


def register(case: BenchCase) -> BenchCase:
    _cases[case.name] = case
    return case


def cases() -> dict[str, BenchCase]:
    return dict(_cases)


def grouped_by_id(sql: str, ids) -> dict:
    """A floor's one query for the related names of a page's rows: ``sql`` selects (row id, name)
    with ``{ids}`` where the id list goes; answers row id → [names] in the query's order."""
    out: dict = {}
    if ids:
        for row_id, name in fetch_all(sql.format(ids=", ".join(["%s"] * len(ids))), list(ids)):
            out.setdefault(row_id, []).append(name)
    return out


def fetch_all(sql, params=()):
    """A floor's hand-written query: one round trip, raw rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
