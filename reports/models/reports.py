"""The narrative template of a year and the saved (versioned) annual reports."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ReportNarrative(models.Model):
    """The editable text of one year's report, with ``{{指标代码}}`` placeholders.

    Without a row for a year the built-in default (the example's wording) applies.
    ``manual_values`` holds figures the author confirms by hand for metrics with no
    data behind them; they are shown as such and never replace a computed figure.
    """

    year = models.PositiveIntegerField("年度", unique=True)
    work_text = models.TextField("正文（开头与一、工作开展情况）")
    problems_text = models.TextField("二、存在问题")
    plans_text = models.TextField("三、下一步工作打算")
    manual_values = models.JSONField("人工确认的数字", default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度报告文稿模板"
        verbose_name_plural = "年度报告文稿模板"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度报告文稿"


class AnnualReport(models.Model):
    """A generated report: its figures, the ids of the records behind each, and its text, frozen.

    Regenerating creates a new version; a published version never changes.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已定稿"
        SUPERSEDED = "superseded", "已被新版本取代"

    year = models.PositiveIntegerField("年度", db_index=True)
    version = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    frame = models.JSONField("文头与落款", default=dict)
    narrative = models.JSONField("文稿", default=dict)
    figures = models.JSONField("数字及其依据", default=dict)
    tables = models.JSONField("统计附表", default=dict)
    hints = models.JSONField("撰写提示", default=list)
    report_date = models.DateField("成文日期")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("定稿时间", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["figures", "tables"])

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="annual_report_year_version")]

    def __str__(self):
        return f"{self.year}年度报告（第{self.version}版）"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT
