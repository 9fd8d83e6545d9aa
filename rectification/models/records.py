"""What happens to a measure: progress with evidence, extensions and review decisions.

All of these are append-only: a row, once written, is never edited (it may only be
archived), so the record of who reported what and who decided what stays as it was.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.backfill import is_backfilled
from core.errors import ApplicationError
from core.files import upload_to
from rectification.models.measures import Measure

_evidence_path = upload_to("rectification/evidence")


def evidence_upload_to(instance, filename):
    """Module-level so migrations can reference it (core.files.upload_to returns a closure)."""
    return _evidence_path(instance, filename)


class AppendOnlyModel(ArchivableModel):
    """Refuses any change to a saved row other than archiving it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        updating = self.pk is not None and not self._state.adding
        if updating and set(kwargs.get("update_fields") or ()) != {"archived_at"}:
            raise ApplicationError(f"{self._meta.verbose_name}一经提交不能修改", code="append_only", status=409)
        super().save(*args, **kwargs)


class ProgressUpdate(AppendOnlyModel):
    """A dated progress note (整改进展) by the responsible office."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="progress")
    date = models.DateField("进展日期", default=timezone.localdate)
    text = models.TextField("进展情况")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name="填报部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_imported = models.BooleanField("由台账导入", default=False)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["measure", "-date", "-id"], name="progress_measure_latest")]

    def __str__(self):
        return f"{self.date} {self.text[:30]}"

    @property
    def is_backfilled(self) -> bool:
        """补录: dated before the day it was entered."""
        return is_backfilled(self.date, self.created_at)


class Evidence(AppendOnlyModel):
    """A 佐证材料 file attached to a progress note; stored outside the web root."""

    progress = models.ForeignKey(
        ProgressUpdate, verbose_name="整改进展", on_delete=models.PROTECT, related_name="evidence"
    )
    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class Extension(ArchivableModel):
    """A request for a later deadline (延期) and the supervisor's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField("延期理由")
    requested_date = models.DateField("申请延至")
    previous_due_date = models.DateField("申请时的完成时限")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    request_entered_at = models.DateTimeField("申请登记时间", default=timezone.now)
    status = models.CharField("审批状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_entered_at = models.DateTimeField("审批登记时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure"], condition=Q(status="pending"), name="one_pending_extension_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(requested_date__gt=models.F("previous_due_date")), name="extension_later_than_before"
            ),
        ]

    def __str__(self):
        return f"{self.previous_due_date} → {self.requested_date}（{self.get_status_display()}）"

    @property
    def is_request_backfilled(self) -> bool:
        """补录: the request is dated before the day it was entered."""
        return is_backfilled(self.requested_at, self.request_entered_at)

    @property
    def is_decision_backfilled(self) -> bool:
        """补录: the decision is dated before the day it was entered."""
        return is_backfilled(self.decided_at, self.decision_entered_at)


class MeasureReview(AppendOnlyModel):
    """One step of the sign-off workflow: who did it, when, with what note."""

    class Action(models.TextChoices):
        START = "start", "启动整改"
        SUBMIT = "submit", "申请销号"
        SIGN_OFF = "sign_off", "审核销号"
        LONG_TERM = "long_term", "认定长期坚持（已建立长效机制）"
        RETURN = "return", "退回"

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="reviews")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    entered_at = models.DateTimeField("登记时间", default=timezone.now)
    note = models.TextField("意见/说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "销号审核记录"
        verbose_name_plural = "销号审核记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"

    @property
    def is_backfilled(self) -> bool:
        """补录: the step happened on a day before the one it was entered."""
        return is_backfilled(self.at, self.entered_at)
