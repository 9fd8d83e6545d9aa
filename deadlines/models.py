"""Time-limit rules, admin-entered holiday calendars and the warning windows."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import SingletonModel


class Unit(models.TextChoices):
    WORKDAY = "workday", "工作日"
    DAY = "day", "日"
    MONTH = "month", "个月"


class DeadlineRule(models.Model):
    """One legal or local time limit. Code refers to it; amounts are data, never literals."""

    class Event(models.TextChoices):
        RECEIPT = "receipt", "收到之日"
        ACCEPTANCE = "acceptance", "受理之日"
        CONCLUSION = "conclusion", "办结之日"
        TRANSFER = "transfer", "转办之日"
        LETTER_SENT = "letter_sent", "发函之日"
        ISSUE = "issue", "制发之日"
        FEEDBACK = "feedback", "巡察反馈之日"
        DEFERRAL = "deferral", "暂存之日"
        TALK_OR_REPLY = "talk_or_reply", "谈话或收到函询回复之日"
        OPINION = "opinion", "出具信访处理意见书之日"
        REQUEST = "request", "收到复查、复核请求之日"
        REVIEW_OPINION = "review_opinion", "出具复查意见之日"
        QUARTER = "quarter", "办结所在季度（自上季度末起算）"

    code = models.SlugField("规则代码", max_length=64, unique=True, help_text="程序引用的稳定代码，请勿修改")
    name = models.CharField("规则名称", max_length=100)
    applies_to = models.CharField("适用事项", max_length=200, blank=True)
    event = models.CharField("起算事件", max_length=20, choices=Event.choices)
    amount = models.PositiveIntegerField("期限数量")
    unit = models.CharField("期限单位", max_length=10, choices=Unit.choices)
    max_extension = models.PositiveIntegerField("最长可延期（同一单位）", default=0)
    legal_basis = models.CharField("依据", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "期限规则"
        verbose_name_plural = "期限规则"
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deadline_rule_amount_positive")]

    def __str__(self):
        return f"{self.name}（{self.amount}{self.get_unit_display()}）"

    # No legal limit this system counts is longer than a year; a larger amount is a typing error
    # (and near the calendar's end would overflow a computation).
    MAX_AMOUNT = {Unit.WORKDAY: 250, Unit.DAY: 366, Unit.MONTH: 12}

    def clean(self):
        limit = self.MAX_AMOUNT.get(self.unit)
        if limit is None:
            return
        unit = Unit(self.unit).label
        for field, label in (("amount", "期限数量"), ("max_extension", "最长可延期")):
            value = getattr(self, field)
            if value is not None and value > limit:
                raise ValidationError({field: f"{label}不能超过 {limit} {unit}"})

    @property
    def period_text(self):
        return f"{self.amount}{self.get_unit_display()}"


class CalendarYear(models.Model):
    """An official holiday schedule entered by an admin (for years the library lacks, or corrections).

    When a year is entered here it is authoritative: days listed in CalendarDay are
    holidays or adjusted working days; all other days follow Monday–Friday.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("依据（如国务院办公厅通知文号）", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日安排（年度）"
        verbose_name_plural = "节假日安排（年度）"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    calendar = models.ForeignKey(CalendarYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="勾选：调休上班日；不勾选：法定节假日/休息日")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节、调休上班")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"

    def clean(self):
        if self.calendar_id and self.date and self.date.year != self.calendar.year:
            raise ValidationError({"date": f"日期不属于 {self.calendar.year} 年"})


class DeadlinePolicy(SingletonModel):
    """Warning windows shared by the traffic light and the reminders (one row, pk=1)."""

    notice_days = models.PositiveIntegerField("首次提醒（到期前日数）", default=20)
    warning_days = models.PositiveIntegerField("黄灯预警（到期前日数）", default=10)
    short_notice_workdays = models.PositiveIntegerField("短期限首次提醒（到期前工作日）", default=3)
    short_warning_workdays = models.PositiveIntegerField("短期限黄灯预警（到期前工作日）", default=1)
    overdue_repeat_days = models.PositiveIntegerField("逾期后每隔几日重复提醒", default=3)
    escalate_after_days = models.PositiveIntegerField("逾期几日后报主要负责人", default=10)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "预警与提醒设置"
        verbose_name_plural = "预警与提醒设置"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="deadline_policy_singleton"),
            models.CheckConstraint(
                condition=Q(notice_days__gte=models.F("warning_days")), name="notice_before_warning"
            ),
        ]

    def __str__(self):
        return "预警与提醒设置"
