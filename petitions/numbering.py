"""Gap-free per-year numbers (信〔2026〕15号) and reporter codes (R2026-0034).

``allocate`` must be the first statement of the caller's transaction on SQLite: its
INSERT takes the write lock before anything is read, so no stale snapshot is ever
upgraded. On PostgreSQL the counter row is locked with SELECT … FOR UPDATE until the
caller's transaction ends; a rollback returns the number, so numbers never skip.

``reserved`` lets one transaction that numbers many records (the 12345 import, a batch at a
time) take each year's numbers as one block — three statements per series and year instead of
three per record — and hand them out in order; every reserved number must be used by the end
of the block, or it raises (the caller's transaction then rolls back: no number skips).
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from core import numbering
from petitions.models import NumberCounter

Series = NumberCounter.Series

_pools: ContextVar[dict[tuple[str, int], Iterator[int]] | None] = ContextVar("petition_number_pools", default=None)


@contextmanager
def reserved(counts: Mapping[tuple[str, int], int]):
    """Within the block, ``allocate(series, year)`` hands out the ``counts[(series, year)]``
    numbers allocated on entry (years in order, each year's petition numbers before its reporter
    codes, as one registration takes them); once a pool is spent it allocates as usual."""
    pools = {}
    for series, year in sorted(counts, key=lambda k: (k[1], k[0] != Series.PETITION)):
        if (count := counts[(series, year)]) > 0:
            first = numbering.allocate_block(NumberCounter, series, year, count)
            pools[(series, year)] = iter(range(first, first + count))
    token = _pools.set(pools)
    try:
        yield
        unused = [key for key, pool in pools.items() if next(pool, None) is not None]
        if unused:
            raise RuntimeError(f"reserved numbers left unused (they would skip): {unused}")
    finally:
        _pools.reset(token)


def allocate(series, year) -> int:
    """The next number of ``series`` in ``year`` (``core.numbering``). Call inside ``transaction.atomic``."""
    pool = (_pools.get() or {}).get((series, year))
    seq = next(pool, None) if pool is not None else None
    return seq if seq is not None else numbering.allocate(NumberCounter, series, year)


def petition_number(year, seq) -> str:
    return f"信〔{year}〕{seq}号"


def informant_code(year, seq) -> str:
    return f"R{year}-{seq:04d}"
