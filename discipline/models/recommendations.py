"""纪律检查建议书: a numbered letter to a department, its reply and its files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.concurrency import VersionedModel
from core.files import upload_to
from deadlines.indexes import estimated_index
from organization.models import Department


def format_recommendation_number(year, seq):
    """〔2026〕3号 — 六角括号, no 第, no leading zeros (GB/T 9704 §7.2.5)."""
    if not year or not seq:
        return ""
    return f"〔{year}〕{seq}号"


class Recommendation(ArchivableModel, VersionedModel):
    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", "纪律检查建议"
        SUPERVISION = "supervision", "监察建议"
        COMBINED = "combined", "纪检监察建议"

    class Source(models.TextChoices):
        DAILY_SUPERVISION = "daily_supervision", "日常监督"
        INVESTIGATION = "investigation", "审查调查"
        PETITION = "petition", "信访举报"
        INSPECTION = "inspection", "巡察反馈"
        CLUE = "clue", "问题线索办理"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已制发"
        REPLIED = "replied", "已回复"
        CLOSED = "closed", "已办结"

    kind = models.CharField("建议类型", max_length=20, choices=Kind.choices, default=Kind.DISCIPLINE)
    year = models.PositiveIntegerField("文号年度", null=True, blank=True, editable=False)
    seq = models.PositiveIntegerField("文号序号", null=True, blank=True, editable=False)
    title = models.CharField("标题", max_length=200, help_text="如：关于加强公务接待管理的纪律检查建议")
    target_department = models.ForeignKey(
        Department, verbose_name="主送部门", on_delete=models.PROTECT, related_name="recommendations"
    )
    copy_to = models.CharField("抄送", max_length=200, blank=True)
    source = models.CharField("问题来源", max_length=20, choices=Source.choices)
    source_detail = models.CharField("来源说明", max_length=200, blank=True)
    problems = models.TextField("存在的问题")
    causes = models.TextField("原因分析", blank=True)
    recommendations = models.TextField("建议措施")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    issued_on = models.DateField("制发日期", null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_due_date = models.DateField("回复期限", null=True, blank=True, db_index=True)
    reply_due_date_warning = models.CharField("回复期限提示", max_length=200, blank=True)
    reply_due_date_manual = models.BooleanField(
        "回复期限为逐份设定", default=False, help_text="逐份设定的期限在规则或节假日变更时保持不变"
    )
    reply_text = models.TextField("回复内容", blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    close_note = models.TextField("办结意见", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "纪律检查建议书"
        verbose_name_plural = "纪律检查建议书"
        ordering = ["-year", "-seq", "-id"]
        indexes = [estimated_index("discipline_rec_estimated", "reply_due_date_warning")]
        constraints = [
            # Two letters can never carry the same number, whatever the code above does.
            models.UniqueConstraint(fields=["year", "seq"], name="discipline_recommendation_year_seq"),
            # A draft has no number; anything issued has a number and an issue date.
            models.CheckConstraint(
                condition=Q(status="draft", seq__isnull=True, year__isnull=True)
                | (~Q(status="draft") & Q(seq__isnull=False, year__isnull=False, issued_on__isnull=False)),
                name="discipline_recommendation_number_iff_issued",
            ),
            models.CheckConstraint(
                condition=Q(seq__isnull=True) | Q(seq__gte=1), name="discipline_recommendation_seq_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number or '（草稿）'} {self.title}"

    @property
    def number(self):
        return format_recommendation_number(self.year, self.seq)

    @property
    def is_closed_for_deadline(self):
        return self.status in (self.Status.REPLIED, self.Status.CLOSED)


def reply_file_path(instance, filename):
    """A module-level function so migrations can reference it (core.files.upload_to makes closures)."""
    return upload_to("recommendation-replies")(instance, filename)


class RecommendationReplyFile(models.Model):
    """A file the target department attached to its written reply."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name="建议书", on_delete=models.PROTECT, related_name="reply_files"
    )
    file = models.FileField("文件", upload_to=reply_file_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "建议书回复附件"
        verbose_name_plural = "建议书回复附件"
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    def delete(self, *args, **kwargs):
        from core.archive import DeletionRefused

        raise DeletionRefused(self._meta.verbose_name)
