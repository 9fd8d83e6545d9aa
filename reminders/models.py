"""催办督办: the ladder, the record of every reminder, in-app notifications and the outbox.

* ``ReminderStep`` — one row per stage of the ladder (seeded by a migration, editable in
  admin): who receives it. *When* a stage starts is not stored here: the windows come
  from ``deadlines.DeadlinePolicy``, the setting the traffic light reads too, so the
  light and the reminders never disagree.
* ``Reminder`` — one row per (source, item, due date, stage, repeat number, recipient),
  made unique by a constraint: re-runs, retried tasks, two workers or a restarted beat
  cannot make a second one. An extension changes the due date and so starts a new ladder.
* ``Notification`` — the in-app message a user with a login sees at once.
* ``OutboxMessage`` — one e-mail (or other channel) digest per recipient per day,
  written in the scan's transaction and sent later by a task or the sweeper.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import SingletonModel


class Stage(models.TextChoices):
    NOTICE = "notice", "首次提醒"
    WARNING = "warning", "黄灯预警"
    DUE = "due", "到期提醒"
    OVERDUE = "overdue", "逾期催办"
    ESCALATION = "escalation", "逾期督办"


class AudienceRole(models.TextChoices):
    """Who, relative to an item, may receive a stage (the columns of ``ReminderStep``)."""

    RESPONSIBLE_PERSON = "responsible_person", "责任人"
    RESPONSIBLE_LEADER = "responsible_leader", "责任领导"
    DEPARTMENT_HEAD = "department_head", "部门负责人"
    SUPERVISOR = "supervisor", "纪检负责人"
    PRINCIPAL_LEADER = "principal_leader", "主要负责人"


class ReminderStep(models.Model):
    """One stage of the ladder and its recipients (DOMAIN.md §4, editable in admin)."""

    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, unique=True)
    is_active = models.BooleanField("启用", default=True)
    to_responsible_person = models.BooleanField("发给责任人", default=True)
    to_responsible_leader = models.BooleanField("发给责任领导", default=False)
    to_department_head = models.BooleanField("发给部门负责人", default=False)
    to_supervisor = models.BooleanField("发给纪检负责人", default=False)
    to_principal_leader = models.BooleanField("发给主要负责人", default=False)
    use_channels = models.BooleanField(
        "同时发送邮件等外部消息", default=True, help_text="不勾选时只发站内消息，不进入邮件摘要"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "提醒阶梯"
        verbose_name_plural = "提醒阶梯"
        ordering = ["id"]

    def __str__(self):
        return self.get_stage_display()

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(role for role in AudienceRole if getattr(self, f"to_{role.value}"))


class DeliverySettings(SingletonModel):
    """When external messages may go out (one row, pk=1). In-app notifications are immediate."""

    mail_start = models.TimeField("每日发送开始时间", default=dt.time(8, 30))
    mail_end = models.TimeField("每日发送结束时间", default=dt.time(17, 30))
    history = HistoricalRecords()

    class Meta:
        verbose_name = "消息发送时段"
        verbose_name_plural = "消息发送时段"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="delivery_settings_singleton"),
            models.CheckConstraint(condition=Q(mail_start__lt=models.F("mail_end")), name="delivery_window_order"),
        ]

    def __str__(self):
        return f"工作日 {self.mail_start:%H:%M}–{self.mail_end:%H:%M}"


class Reminder(models.Model):
    """A reminder of one stage of one item's due date to one person — at most once, ever."""

    source = models.CharField("事项类型", max_length=64)
    object_id = models.PositiveBigIntegerField("事项编号（内部）")
    due_date = models.DateField("所依据的期限")
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    number = models.PositiveIntegerField("第几次（逾期重复）", default=0)
    recipient = models.ForeignKey(
        "organization.Person", verbose_name="接收人", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("事项", max_length=300)
    text = models.CharField("提醒内容", max_length=500)
    link = models.CharField("链接", max_length=300, blank=True)
    use_channels = models.BooleanField("进入邮件摘要", default=True)
    scan_date = models.DateField("扫描日期")
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    # Rows inserted by one scan share a batch: after an insert that ignores conflicts, the
    # rows of this batch are exactly the ones this scan created.
    batch = models.UUIDField("批次", db_index=True, editable=False)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id", "due_date", "stage", "number", "recipient"], name="reminder_once"
            )
        ]

    def __str__(self):
        return self.text


class Notification(models.Model):
    """An in-app message to one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, verbose_name="催办记录", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, blank=True)
    title = models.CharField("标题", max_length=500)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reminder"], condition=Q(reminder__isnull=False), name="notification_once_per_reminder"
            )
        ]

    def __str__(self):
        return self.title


class OutboxMessage(models.Model):
    """One digest for one person on one channel for one day; sent after commit, never lost."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.CharField("渠道", max_length=32)
    recipient = models.ForeignKey(
        "organization.Person", verbose_name="接收人", on_delete=models.PROTECT, related_name="+"
    )
    digest_date = models.DateField("摘要日期")
    not_before = models.DateTimeField("最早发送时间", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    # Set by the sender that claimed the row (reminders.delivery.outbox._claim).
    claim = models.UUIDField("发送批次", null=True, blank=True, editable=False, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    address = models.CharField("发送地址", max_length=254, blank=True)
    subject = models.CharField("标题", max_length=300, blank=True)
    body = models.TextField("正文", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    reminders = models.ManyToManyField(Reminder, verbose_name="包含的催办记录", through="OutboxItem", related_name="+")

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "待发消息"
        ordering = ["-digest_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "recipient", "digest_date"], name="outbox_one_digest_per_day")
        ]
        indexes = [
            # The sender's claim: pending rows in due order (a partial index stays small
            # however many digests were ever sent).
            models.Index(fields=["not_before", "id"], condition=models.Q(status="pending"), name="outbox_pending_due"),
            # The scan's lock on today's pending digests of its recipients.
            models.Index(
                fields=["channel", "digest_date", "recipient"],
                condition=models.Q(status="pending"),
                name="outbox_pending_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.digest_date} {self.channel} → {self.recipient_id}"


class OutboxItem(models.Model):
    message = models.ForeignKey(OutboxMessage, verbose_name="消息", on_delete=models.CASCADE, related_name="items")
    reminder = models.ForeignKey(Reminder, verbose_name="催办记录", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "摘要条目"
        verbose_name_plural = "摘要条目"
        constraints = [models.UniqueConstraint(fields=["message", "reminder"], name="outbox_item_once")]

    def __str__(self):
        return f"{self.message_id} · {self.reminder_id}"


class ScanRun(models.Model):
    """A finished scan: lets the sweeper tell whether today's scan happened."""

    for_date = models.DateField("扫描日期", db_index=True)
    trigger = models.CharField("触发方式", max_length=32)
    created = models.PositiveIntegerField("新增催办记录数", default=0)
    finished_at = models.DateTimeField("完成时间", default=timezone.now)

    class Meta:
        verbose_name = "扫描记录"
        verbose_name_plural = "扫描记录"
        ordering = ["-finished_at", "-id"]

    def __str__(self):
        return f"{self.for_date} {self.trigger} +{self.created}"


class CalendarNotice(models.Model):
    """That a 系统管理员 was told a year's holiday schedule is missing: once per year and user.

    The unique constraint is the dedupe, as ``Reminder``'s is for items: every daily scan asks,
    only the first insert per (year, user) becomes a notification.
    """

    year = models.PositiveIntegerField("年份")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        Notification, verbose_name="站内消息", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    # As for Reminder: after an insert that ignores conflicts, this call's rows are its batch's.
    batch = models.UUIDField("批次", db_index=True, editable=False)

    class Meta:
        verbose_name = "节假日安排缺失提醒"
        verbose_name_plural = "节假日安排缺失提醒"
        ordering = ["-year", "user_id"]
        constraints = [models.UniqueConstraint(fields=["year", "user"], name="calendar_notice_once")]

    def __str__(self):
        return f"{self.year} → {self.user_id}"
