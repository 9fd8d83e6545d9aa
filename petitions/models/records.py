"""What hangs off a petition: its files, 处理结果, 延期 requests and the workflow log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.backfill import is_backfilled, mark_text
from core.outcomes import OutcomeKind, form_of
from petitions.models.petition import Petition, attachment_path


class PetitionAttachment(models.Model):
    """A file of a petition: the original letter or scan, or a department's reply material."""

    class Purpose(models.TextChoices):
        ORIGINAL = "original", "原件材料"
        REPLY = "reply", "部门办理材料"

    petition = models.ForeignKey(Petition, verbose_name="信访件", on_delete=models.PROTECT, related_name="attachments")
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, default=Purpose.ORIGINAL)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信访件附件"
        verbose_name_plural = "信访件附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class PetitionOutcome(models.Model):
    """处理结果 per person (or per department): each person counted once per kind (四种形态)."""

    petition = models.ForeignKey(Petition, verbose_name="信访件", on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField("处理方式", max_length=32, choices=OutcomeKind.choices)
    person = models.ForeignKey(
        "organization.Person",
        verbose_name="被处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition_outcomes",
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name="被处理部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition_outcomes",
    )
    decided_on = models.DateField("决定日期")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "处理结果"
        verbose_name_plural = "处理结果"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "person", "kind"],
                condition=Q(person__isnull=False),
                name="petitions_outcome_person_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["petition", "department", "kind"],
                condition=Q(person__isnull=True),
                name="petitions_outcome_department_once_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(department__isnull=False),
                name="petitions_outcome_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.petition} · {self.get_kind_display()}"

    @property
    def form(self):
        return form_of(self.kind)


class PetitionExtension(models.Model):
    """延期: a request to extend the 办结 period (信访工作条例 第三十四条), decided by a supervisor."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    petition = models.ForeignKey(Petition, verbose_name="信访件", on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveIntegerField("延长日数")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    original_due = models.DateField("原办结期限", null=True, blank=True)
    new_due = models.DateField("延期后期限", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "办结期限延期"
        verbose_name_plural = "办结期限延期"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(status="approved"), name="petitions_one_approved_extension"
            ),
            models.UniqueConstraint(
                fields=["petition"], condition=Q(status="pending"), name="petitions_one_pending_extension"
            ),
            models.CheckConstraint(condition=Q(days__gt=0), name="petitions_extension_days_positive"),
        ]

    def __str__(self):
        return f"{self.petition} 延期{self.days}日（{self.get_status_display()}）"


class PetitionEvent(models.Model):
    """The workflow log: who did which step and when. Never holds a reporter's identity."""

    class Action(models.TextChoices):
        REGISTER = "register", "登记"
        UPDATE = "update", "修改登记信息"
        ACCEPT = "accept", "受理"
        REJECT = "reject", "不予受理"
        ESCALATE = "escalate", "报送上级"
        TRANSFER = "transfer", "转办"
        REPLY = "reply", "部门办结反馈"
        HANDLE = "handle", "直接办理"
        CONCLUDE = "conclude", "办结"
        NOTIFY = "notify", "告知"
        FEEDBACK = "feedback", "反馈"
        EXTENSION_REQUEST = "extension_request", "申请延期"
        EXTENSION_APPROVE = "extension_approve", "批准延期"
        EXTENSION_REFUSE = "extension_refuse", "不予批准延期"
        ATTACH = "attach", "上传附件"
        OBJECT = "object", "提出异议"
        REVIEW_REQUEST = "review_request", "收到复查请求"
        REVIEW_ANSWER = "review_answer", "复查意见"
        RECHECK_REQUEST = "recheck_request", "收到复核请求"
        RECHECK_ANSWER = "recheck_answer", "复核意见"
        CORRECT = "correct", "更正"
        TO_CLUE = "to_clue", "转为问题线索"
        QUERY_CODE_ISSUE = "query_code_issue", "发放查询码"
        QUERY_CODE_REISSUE = "query_code_reissue", "重新发放查询码"
        QUERY_CODE_SHOW = "query_code_show", "打印告知书（显示查询码）"

    petition = models.ForeignKey(Petition, verbose_name="信访件", on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=24, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now, help_text="该步骤实际发生的时间")
    entered_at = models.DateTimeField("录入时间", default=timezone.now, help_text="这条记录写入系统的时间")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.petition} {self.get_action_display()}"

    @property
    def backfilled(self) -> bool:
        """补录: the step happened on a day before the one it was entered."""
        return is_backfilled(self.at, self.entered_at)

    @property
    def backfill_mark(self) -> str:
        """“补录 · 张三 于 2026-12-06 10:20 录入” for a 补录 step, else empty."""
        if not self.backfilled:
            return ""
        return mark_text(self.user.get_full_name() or self.user.username, self.entered_at)

    @property
    def dated(self) -> bool:
        """A step recorded by its day (办结、告知、反馈 …): a 补录 one shows its date, not a time."""
        return self.action in DATED_ACTIONS


# Steps that record a day, not a time: a back-dated one is logged at the end of that day.
DATED_ACTIONS = frozenset(
    {
        PetitionEvent.Action.CONCLUDE,
        PetitionEvent.Action.NOTIFY,
        PetitionEvent.Action.FEEDBACK,
        PetitionEvent.Action.OBJECT,
        PetitionEvent.Action.REVIEW_REQUEST,
        PetitionEvent.Action.REVIEW_ANSWER,
        PetitionEvent.Action.RECHECK_REQUEST,
        PetitionEvent.Action.RECHECK_ANSWER,
    }
)
