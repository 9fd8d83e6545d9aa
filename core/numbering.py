"""Gap-free, duplicate-free numbers per series and year (逐件编号), shared by every numbered record.

Each app keeps its own counter table (a concrete subclass of ``YearCounterBase`` with its
own ``Series`` choices); ``allocate`` and ``continue_from`` work on any of them.

``allocate(model, series, year)`` runs inside the transaction that writes the numbered
record, as its first statement. It first inserts the year's counter row if missing
(INSERT … ON CONFLICT DO NOTHING — a write, so on SQLite the transaction holds the write
lock before it has read anything and never upgrades a stale snapshot), then locks the row
with ``SELECT … FOR UPDATE`` until the transaction ends (PostgreSQL): two issues at the
same moment queue on the lock and receive consecutive numbers; if the transaction rolls
back, so does the counter, and the number is not lost. Never "max + 1" over the numbered
table: two transactions can read the same maximum.
"""

from django.db import models, transaction
from django.db.models import Q

from core.errors import ApplicationError


class YearCounterBase(models.Model):
    """The last number issued in one series for one year. Holds no case content (no history)."""

    series = models.CharField("编号序列", max_length=20)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        abstract = True
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="%(app_label)s_counter_series_year"),
            models.CheckConstraint(condition=Q(year__gte=1900), name="%(app_label)s_counter_year_sane"),
        ]

    def __str__(self):
        return f"{self.get_series_display()} {self.year}: {self.last}"


def allocate(model, series: str, year: int) -> int:
    """The next number of ``series`` in ``year``; the caller's transaction owns it."""
    return allocate_block(model, series, year, 1)


def allocate_block(model, series: str, year: int, count: int) -> int:
    """``count`` consecutive numbers of ``series`` in ``year`` (the same lock as ``allocate``);
    answers the first. The caller must use every one of them in its transaction, or numbers skip."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside transaction.atomic()")
    if count < 1:
        raise ValueError("count must be >= 1")
    model.objects.bulk_create([model(series=series, year=year, last=0)], ignore_conflicts=True)
    counter = model.objects.select_for_update().get(series=series, year=year)
    counter.last += count
    counter.save(update_fields=["last"])
    return counter.last - count + 1


def continue_from(model, series: str, year: int, last: int):
    """Continue a paper ledger: the next number issued in ``year`` will be ``last + 1``.

    For a unit that starts using the system part-way through a year. The counter never
    moves backwards (that would issue a number twice).
    """
    if last < 0:
        raise ValueError("last must be >= 0")
    with transaction.atomic():
        counter = model.objects.select_for_update().filter(series=series, year=year).first()
        if counter is None:
            return model.objects.create(series=series, year=year, last=last)
        if last < counter.last:
            raise ApplicationError(
                f"{year}年{model.Series(series).label}已编至第 {counter.last} 号，不能回退到第 {last} 号",
                code="counter_backwards",
            )
        counter.last = last
        counter.save(update_fields=["last"])
        return counter
