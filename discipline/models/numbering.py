"""Per-year counters behind 线索 and 建议书 numbers (逐件编号, no gaps, no duplicates)."""

from django.db import models

from core.numbering import YearCounterBase


class YearCounter(YearCounterBase):
    """The last number issued in one series for one year.

    Numbers are never "max + 1" over the numbered table: the allocator
    (``core.numbering.allocate``) locks this row with ``select_for_update`` in
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

    class Meta(YearCounterBase.Meta):
        pass
