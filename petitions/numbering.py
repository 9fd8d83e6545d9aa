"""Gap-free per-year numbers (信〔2026〕15号) and reporter codes (R2026-0034).

``allocate`` must be the first statement of the caller's transaction on SQLite: its
INSERT takes the write lock before anything is read, so no stale snapshot is ever
upgraded. On PostgreSQL the counter row is locked with SELECT … FOR UPDATE until the
caller's transaction ends; a rollback returns the number, so numbers never skip.
"""

from django.db import transaction

from petitions.models import NumberCounter

Series = NumberCounter.Series


def allocate(series, year) -> int:
    """The next number of ``series`` in ``year``. Call inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside transaction.atomic")
    NumberCounter.objects.bulk_create([NumberCounter(series=series, year=year, last=0)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def petition_number(year, seq) -> str:
    return f"信〔{year}〕{seq}号"


def informant_code(year, seq) -> str:
    return f"R{year}-{seq:04d}"
