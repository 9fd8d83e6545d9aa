"""Gap-free, duplicate-free numbers per year (逐件编号).

``allocate(series, year)`` must run inside the transaction that writes the numbered
record: the year's counter row is locked with ``SELECT … FOR UPDATE`` until that
transaction ends, so two issues at the same moment queue on the lock and receive
consecutive numbers; if the transaction rolls back, so does the counter, and the
number is not lost. Never "max + 1" over the numbered table: two transactions can
read the same maximum. (SQLite has no row locks; the project opens its SQLite
transactions with BEGIN IMMEDIATE, which serialises writers instead.)
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from core.errors import ApplicationError
from discipline.models import YearCounter


def allocate(series: str, year: int) -> int:
    """The next number of ``series`` in ``year``; the caller's transaction owns it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside transaction.atomic()")
    counter = YearCounter.objects.select_for_update().filter(series=series, year=year).first()
    if counter is None:
        try:
            # A savepoint: when another transaction inserted the year's row first,
            # the unique constraint refuses ours and we lock theirs instead.
            with transaction.atomic():
                YearCounter.objects.create(series=series, year=year, last=0)
        except IntegrityError:
            pass
        counter = YearCounter.objects.select_for_update().get(series=series, year=year)
    YearCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last


def continue_from(series: str, year: int, last: int) -> YearCounter:
    """Continue a paper ledger: the next number issued in ``year`` will be ``last + 1``.

    For a unit that starts using the system part-way through a year. The counter never
    moves backwards (that would issue a number twice).
    """
    if last < 0:
        raise ValueError("last must be >= 0")
    with transaction.atomic():
        counter = YearCounter.objects.select_for_update().filter(series=series, year=year).first()
        if counter is None:
            return YearCounter.objects.create(series=series, year=year, last=last)
        if last < counter.last:
            raise ApplicationError(
                f"{year}年{YearCounter.Series(series).label}已编至第 {counter.last} 号，不能回退到第 {last} 号",
                code="counter_backwards",
            )
        counter.last = last
        counter.save(update_fields=["last"])
        return counter
