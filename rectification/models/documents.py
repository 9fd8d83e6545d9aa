"""The round's own documents (整改方案, 整改情况报告, 主要负责人组织落实整改情况报告, 整改公开):
an editable narrative per round and kind, and generated versions frozen from the ledger."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from rectification.models.rounds import InspectionRound


class DocumentKind(models.TextChoices):
    PLAN = "plan", "整改方案"
    REPORT = "report", "整改情况报告"
    LEADER_REPORT = "leader_report", "主要负责人组织落实整改情况报告"
    PUBLIC = "public", "整改进展情况（整改公开）"


class RoundNarrative(models.Model):
    """The editable texts of one round's document of one kind (``{{code}}`` inserts a figure).

    Without a row the built-in default wording applies (rectification.documents.kinds).
    """

    round = models.ForeignKey(
        InspectionRound, verbose_name="巡察轮次", on_delete=models.PROTECT, related_name="document_narratives"
    )
    kind = models.CharField("文书", max_length=16, choices=DocumentKind.choices)
    texts = models.JSONField("文稿", default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改文书文稿"
        verbose_name_plural = "整改文书文稿"
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="round_narrative_round_kind")]

    def __str__(self):
        return f"{self.round}·{self.get_kind_display()}文稿"


class RoundDocument(models.Model):
    """A generated version: figures (with the ids of the records behind each), content and text, frozen.

    Regenerating creates a new version; a version is never edited.
    """

    round = models.ForeignKey(
        InspectionRound, verbose_name="巡察轮次", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("文书", max_length=16, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本号")
    frame = models.JSONField("文头与落款", default=dict)
    narrative = models.JSONField("文稿", default=dict)
    figures = models.JSONField("数字及其依据", default=dict)
    content = models.JSONField("整改事项", default=dict)
    document_date = models.DateField("成文日期")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["figures", "content"])

    class Meta:
        verbose_name = "整改文书"
        verbose_name_plural = "整改文书"
        ordering = ["round_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "version"], name="round_document_round_kind_version")
        ]

    def __str__(self):
        return f"{self.round}·{self.get_kind_display()}（第{self.version}版）"
