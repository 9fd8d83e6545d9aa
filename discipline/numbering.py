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
