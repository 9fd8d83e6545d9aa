"""Per-year counters behind 线索 and 建议书 numbers (逐件编号, no gaps, no duplicates)."""

from django.db import models
from django.db.models import Q


class YearCounter(models.Model):
    """The last number issued in one series for one year.

    Numbers are never "max + 1" over the numbered table: the allocator
    (``discipline.numbering.allocate``) locks this row with ``select_for_update`` in
    the transaction that writes the numbered record, so concurrent issues queue on
    the lock and a rolled-back transaction gives its number back. The numbered
    tables also carry a unique (year, seq) constraint as the last line of defence.

    Holds no case content, so it carries no history of its own: each number's use
    is recorded on the numbered record.
    """

    class Series(models.TextChoices):
        CLUE = "clue", "问题线索"
        RECOMMENDATION = "recommendation", "纪律检查建议书"

    series = models.CharField("编号序列", max_length=20, choices=Series.choices)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="discipline_counter_series_year"),
            models.CheckConstraint(condition=Q(year__gte=1900), name="discipline_counter_year_sane"),
        ]

    def __str__(self):
        return f"{self.get_series_display()} {self.year}: {self.last}"
