"""Configuration and numbering: problem categories and the per-year counters."""

from django.db import models
from simple_history.models import HistoricalRecords

from core.numbering import YearCounterBase


class Category(models.Model):
    """问题类别 — configurable; seeded by a data migration, edited in the admin."""

    name = models.CharField("名称", max_length=50, unique=True)
    order = models.PositiveIntegerField("排序", default=0)
    is_service = models.BooleanField(
        "服务类",
        default=False,
        help_text="勾选后，此类别的信访件可以转办给责任部门（投诉、意见建议总可转办）",
    )
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class NumberCounter(YearCounterBase):
    """The last number issued in a series for a year; locked row by row to number without gaps.

    Numbering never uses "max + 1": the allocator inserts the year's row if missing
    (INSERT … ON CONFLICT DO NOTHING), locks it (SELECT … FOR UPDATE) and increments
    it in the same transaction as the numbered record, so a rollback returns the number.
    """

    class Series(models.TextChoices):
        PETITION = "petition", "信访件编号"
        INFORMANT = "informant", "举报人代号"

    series = models.CharField("编号序列", max_length=20, choices=Series.choices)

    class Meta(YearCounterBase.Meta):
        pass
