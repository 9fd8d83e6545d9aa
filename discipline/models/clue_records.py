"""A clue's signed records: its steps, the 集体研究 opinions and the 处理结果 per person —
written once, never changed or deleted (全程登记备查)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.archive import DeletionRefused
from core.backfill import is_backfilled
from core.errors import ApplicationError
from core.outcomes import Form, OutcomeKind
from discipline.models.clues import Clue
from organization.models import Person


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise DeletionRefused(self.model._meta.verbose_name)

    delete.queryset_only = True

    def update(self, **kwargs):
        raise ApplicationError(f"{self.model._meta.verbose_name}一经签名登记不可修改", code="append_only")


class AppendOnlyModel(models.Model):
    """A signed record: written once, never changed or deleted (全程登记备查).

    The rows are themselves the history, so these models carry no simple_history table.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(f"{self._meta.verbose_name}一经签名登记不可修改", code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)


class ClueStep(AppendOnlyModel):
    """One signed step of a clue's handling: who, when, what (经手人员签名，全程登记备查)."""

    class Kind(models.TextChoices):
        REGISTER = "register", "登记"
        ASSIGN = "assign", "分办"
        PROPOSE = "propose", "拟办意见"
        DISCUSS = "discuss", "集体研究"
        APPROVE = "approve", "审批同意"
        RETURN = "return", "审批退回"
        EXECUTE = "execute", "执行"
        INQUIRY_REPLY = "inquiry_reply", "函询回复"
        REVIEW = "review", "暂存复查"
        CONCLUDE = "conclude", "办结"
        FEEDBACK = "feedback", "反馈"
        ARCHIVE = "archive", "归档"

    class FeedbackTarget(models.TextChoices):
        PETITION_OFFICE = "petition_office", "信访举报部门"
        REPORTER = "reporter", "实名举报人"
        INSPECTION_OFFICE = "inspection_office", "巡察工作机构"
        SUPERIOR = "superior", "上级交办机关"
        OTHER = "other", "其他"

    class Method(models.TextChoices):
        TALK = "talk", "谈话"
        LETTER = "letter", "函询"
        WRITTEN = "written", "书面"
        PHONE = "phone", "电话"
        IN_PERSON = "in_person", "当面"
        OTHER = "other", "其他"

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("环节", max_length=16, choices=Kind.choices)
    date = models.DateField("办理日期")
    disposal = models.CharField("处置方式", max_length=16, choices=Clue.Disposal.choices, blank=True)
    method = models.CharField("方式", max_length=12, choices=Method.choices, blank=True)
    feedback_target = models.CharField("反馈对象", max_length=20, choices=FeedbackTarget.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("意见或情况", blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经手人", on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField("经手人签名", max_length=100)
    signed_at = models.DateTimeField("签名时间", default=timezone.now)

    class Meta:
        verbose_name = "线索办理记录"
        verbose_name_plural = "线索办理记录"
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["clue", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.signer_name} · {self.date}"

    @property
    def is_backfilled(self) -> bool:
        """补录: the step's date lies before the day it was signed (entered)."""
        return is_backfilled(self.date, self.signed_at)


class MeetingOpinion(AppendOnlyModel):
    """One member present at the 集体研究 and the opinion they gave (逐人发表意见)."""

    step = models.ForeignKey(ClueStep, verbose_name="集体研究记录", on_delete=models.PROTECT, related_name="opinions")
    person = models.ForeignKey(Person, verbose_name="参会人员", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField("参会人员姓名", max_length=50)
    opinion = models.TextField("个人意见")

    class Meta:
        verbose_name = "集体研究个人意见"
        verbose_name_plural = "集体研究个人意见"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["step", "person"], name="discipline_opinion_once_per_member")]

    def __str__(self):
        return f"{self.person_name}：{self.opinion[:30]}"


class ClueOutcome(AppendOnlyModel):
    """A 处理结果 for one person: the 四种形态 statistics count one per person and outcome kind."""

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="outcomes")
    step = models.ForeignKey(ClueStep, verbose_name="办结记录", on_delete=models.PROTECT, related_name="outcomes")
    person = models.ForeignKey(Person, verbose_name="被处理人", on_delete=models.PROTECT, related_name="clue_outcomes")
    kind = models.CharField("处理结果", max_length=24, choices=OutcomeKind.choices)
    form = models.PositiveSmallIntegerField("形态", choices=Form.choices, null=True, blank=True, db_index=True)
    decided_on = models.DateField("决定日期", db_index=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "线索处理结果"
        verbose_name_plural = "线索处理结果"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["clue", "person", "kind"], name="discipline_outcome_once_per_person_kind")
        ]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()}"
