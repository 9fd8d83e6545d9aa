"""整改措施: who answers for it, by when, and where it stands."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.concurrency import VersionedModel
from deadlines.indexes import estimated_index
from deadlines.light import Light, light_for
from rectification.models.rounds import Problem


class DeadlineKind(models.TextChoices):
    DATE = "date", "限期完成"
    LONG_TERM = "long_term", "长期坚持"
    IMMEDIATE = "immediate", "立行立改"
    # Begun at once and kept up: long-term, with no end date (noted as begun immediately).
    IMMEDIATE_LONG_TERM = "immediate_long_term", "立行立改并长期坚持"


LONG_TERM_KINDS = (DeadlineKind.LONG_TERM, DeadlineKind.IMMEDIATE_LONG_TERM)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    SUBMITTED = "submitted", "申请销号"
    SIGNED_OFF = "signed_off", "已销号"
    LONG_TERM = "long_term", "长期坚持（已建立长效机制）"


# Counted as done in completion rates; a LONG_TERM measure still takes progress.
DONE_STATUSES = (MeasureStatus.SIGNED_OFF, MeasureStatus.LONG_TERM)

# The light's two special cases as filters (deadlines.light.light_q): grey when signed
# off; none for 长期坚持, by deadline or by a long-term sign-off.
CLOSED_Q = Q(status=MeasureStatus.SIGNED_OFF)
LONG_TERM_Q = Q(deadline_kind__in=LONG_TERM_KINDS) | Q(status=MeasureStatus.LONG_TERM)


class Measure(ArchivableModel, VersionedModel):
    """One concrete action against a problem.

    The due date is stored so lists can filter and sort on it. Until an extension is
    approved (``due_date_manual``), ``original_due_date`` follows ``due_date``; after
    that it keeps the date the ledger set. Status changes only through the services;
    overdue and the traffic light are derived, never stored.
    """

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="measures")
    order = models.PositiveIntegerField("排序", default=0)
    content = models.TextField("整改措施")
    target = models.TextField("完成目标", blank=True)
    responsible_leader = models.ForeignKey(
        "organization.Person",
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    lead_department = models.ForeignKey(
        "organization.Department",
        verbose_name="牵头部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    co_departments = models.ManyToManyField(
        "organization.Department",
        verbose_name="配合部门",
        through="MeasureCoDepartment",
        related_name="co_measures",
        blank=True,
    )
    responsible_person = models.ForeignKey(
        "organization.Person",
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    deadline_kind = models.CharField("时限类型", max_length=24, choices=DeadlineKind.choices, default=DeadlineKind.DATE)
    deadline_text = models.CharField("完成时限（原文）", max_length=100, blank=True)
    # Set by the ledger import: only an imported measure has a 台账原文 worth showing.
    is_imported = models.BooleanField("由台账导入", default=False)
    due_date = models.DateField("完成时限", null=True, blank=True, db_index=True)
    original_due_date = models.DateField("原完成时限", null=True, blank=True)
    due_date_warning = models.CharField("时限提示", max_length=200, blank=True)
    due_date_manual = models.BooleanField("时限已人工调整（延期）", default=False)
    remarks = models.TextField("备注", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("申请销号时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["problem_id", "order", "id"]
        indexes = [
            models.Index(fields=["lead_department", "status"], name="measure_dept_status"),
            models.Index(fields=["status", "due_date"], name="measure_status_due"),
            estimated_index("measure_estimated_due", "due_date_warning"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(deadline_kind=DeadlineKind.DATE) | Q(due_date__isnull=False),
                name="measure_dated_has_due_date",
            ),
            models.CheckConstraint(
                condition=~Q(deadline_kind__in=LONG_TERM_KINDS) | Q(due_date__isnull=True),
                name="measure_long_term_has_no_due_date",
            ),
        ]

    def __str__(self):
        return self.content[:40]

    @property
    def code(self) -> str:
        """How a ledger names the measure within its round: 问题2-措施3 (reads ``problem.order``)."""
        return f"问题{self.problem.order}-措施{self.order}"

    def save(self, *args, **kwargs):
        if not self.due_date_manual:
            self.original_due_date = self.due_date
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "due_date" in update_fields:
                kwargs["update_fields"] = {*update_fields, "original_due_date"}
        super().save(*args, **kwargs)

    @property
    def is_long_term(self):
        return self.deadline_kind in LONG_TERM_KINDS or self.status == MeasureStatus.LONG_TERM

    @property
    def is_closed(self):
        return self.status == MeasureStatus.SIGNED_OFF

    @property
    def is_done(self):
        return self.status in DONE_STATUSES

    def light(self, *, today, boundary):
        return light_for(
            self.due_date, today=today, boundary=boundary, closed=self.is_closed, long_term=self.is_long_term
        )

    def is_overdue(self, *, today):
        return self.light(today=today, boundary=today) == Light.RED


class MeasureCoDepartment(models.Model):
    """A co-operating department (配合部门): it sees the measure and may report progress."""

    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.CASCADE, related_name="co_links")
    department = models.ForeignKey(
        "organization.Department", verbose_name="配合部门", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "配合部门"
        verbose_name_plural = "配合部门"
        constraints = [models.UniqueConstraint(fields=["measure", "department"], name="uniq_measure_co_department")]

    def __str__(self):
        return str(self.department_id)
