"""Gap-free per-year numbers (信〔2026〕15号) and reporter codes (R2026-0034).

``allocate`` must be the first statement of the caller's transaction on SQLite: its
INSERT takes the write lock before anything is read, so no stale snapshot is ever
upgraded. On PostgreSQL the counter row is locked with SELECT … FOR UPDATE until the
caller's transaction ends; a rollback returns the number, so numbers never skip.
"""

from core import numbering
from petitions.models import NumberCounter

Series = NumberCounter.Series


def allocate(series, year) -> int:
    """The next number of ``series`` in ``year`` (``core.numbering``). Call inside ``transaction.atomic``."""
    return numbering.allocate(NumberCounter, series, year)


def petition_number(year, seq) -> str:
    return f"信〔{year}〕{seq}号"


def informant_code(year, seq) -> str:
    return f"R{year}-{seq:04d}"
