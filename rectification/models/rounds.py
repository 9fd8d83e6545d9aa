"""A round of inspection, the headings of its feedback and the problems found."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.concurrency import VersionedModel


class InspectionRound(ArchivableModel, VersionedModel):
    """One 巡察 of this unit by a named team, e.g. 市委第三巡察组, with its key dates.

    ``report_due_date`` (整改情况报告应报送日期) is computed from the editable rule
    ``round-report`` counted from the feedback date and recomputed when the rule or a
    holiday calendar changes (see ``rectification.due_dates``); ``leader_report_due_date``
    (主要负责人组织落实整改情况报告) the same way by rule ``round-leader-report``, and
    ``plan_due_date`` (整改方案) by rule ``round-plan``.
    """

    name = models.CharField("巡察轮次", max_length=100, unique=True, help_text="如：2021年市委第三巡察组巡察")
    inspection_team = models.CharField("巡察组", max_length=100, help_text="如：市委第三巡察组")
    inspected_unit = models.CharField("被巡察单位（党组织）", max_length=200, blank=True)
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    rectification_end = models.DateField(
        "集中整改期截止日期", null=True, blank=True, help_text="不填写时按“整改情况报告”期限规则自动计算"
    )
    # 巡察反馈后先报整改方案 (rule round-plan), then the two reports within the period.
    plan_due_date = models.DateField("整改方案应报送日期", null=True, blank=True, editable=False)
    plan_due_warning = models.CharField("整改方案期限提示", max_length=200, blank=True, editable=False)
    plan_submitted_on = models.DateField("整改方案报送日期", null=True, blank=True)
    report_due_date = models.DateField("整改情况报告应报送日期", null=True, blank=True, editable=False)
    report_due_warning = models.CharField("报告期限提示", max_length=200, blank=True, editable=False)
    report_submitted_on = models.DateField("整改情况报告报送日期", null=True, blank=True)
    # 巡视工作条例 asks for two reports within the period: 整改情况报告 and 主要负责人组织落实整改情况报告.
    leader_report_due_date = models.DateField(
        "主要负责人组织落实整改情况报告应报送日期", null=True, blank=True, editable=False
    )
    leader_report_due_warning = models.CharField("主要负责人报告期限提示", max_length=200, blank=True, editable=False)
    leader_report_submitted_on = models.DateField("主要负责人组织落实整改情况报告报送日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "巡察轮次"
        verbose_name_plural = "巡察轮次"
        ordering = ["-feedback_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectification_end__isnull=True)
                | Q(feedback_date__isnull=True)
                | Q(rectification_end__gte=F("feedback_date")),
                name="round_rectification_end_after_feedback",
            )
        ]

    def __str__(self):
        return self.name


class Aspect(ArchivableModel, VersionedModel):
    """A heading of the feedback: a 大类 (一、…方面) or, below one, a 方面 (（一）…)."""

    round = models.ForeignKey(
        InspectionRound, verbose_name="巡察轮次", on_delete=models.PROTECT, related_name="aspects"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级方面",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="为空表示一级方面（大类）",
    )
    title = models.CharField("名称", max_length=300)
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "方面"
        verbose_name_plural = "方面"
        ordering = ["round_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="aspect_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    @property
    def level(self):
        return 2 if self.parent_id else 1


class Problem(ArchivableModel, VersionedModel):
    """One problem found by the inspection; it has one or more measures."""

    round = models.ForeignKey(
        InspectionRound, verbose_name="巡察轮次", on_delete=models.PROTECT, related_name="problems"
    )
    aspect = models.ForeignKey(
        Aspect,
        verbose_name="方面",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    order = models.PositiveIntegerField("序号", default=0)
    text = models.TextField("问题")
    similar_to = models.ForeignKey(
        "self",
        verbose_name="往轮类似问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
        help_text="举一反三：关联此前巡察轮次中的同类问题，用于重复问题统计",
    )
    is_public = models.BooleanField(
        "可公开", default=False, help_text="勾选后，该问题及其整改情况列入整改公开文书（不含人员姓名）"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["round_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(similar_to=F("id")), name="problem_not_similar_to_itself"),
        ]

    def __str__(self):
        return self.text[:40]
