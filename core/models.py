"""Cross-cutting records: the security log and explicit access grants (三员分立)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditLog(models.Model):
    """Append-only log of security-relevant events: logins, exports, downloads, identity views,
    and every change to accounts, roles, grants and Person links (core.signals)."""

    class Event(models.TextChoices):
        LOGIN = "user_login", "登录成功"
        LOGIN_FAILED = "user_login_failed", "登录失败"
        LOGOUT = "user_logout", "退出登录"
        LOCKED_OUT = "user_locked_out", "账号锁定"
        EXPORT = "data_export", "导出"
        DOWNLOAD = "file_download", "文件下载"
        IMPORT = "data_import", "导入"
        IDENTITY_VIEW = "identity_view", "查看举报人身份"
        GRANT = "grant_change", "授权变更"
        ACCOUNT = "account_change", "账号变更"
        ROLE = "role_change", "角色与权限变更"
        PERSON_LINK = "person_link", "人员与账号关联变更"

    event = models.CharField("事件", max_length=32, choices=Event.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.PROTECT
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "安全审计日志"
        verbose_name_plural = "安全审计日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()} {self.username}"


class AccessGrant(models.Model):
    """An explicit grant of a protected capability. Superuser status never implies one.

    Checked only by ``core.grants.has_grant``, which reads this table itself.
    """

    class Kind(models.TextChoices):
        IDENTITY = "identity", "查看举报人身份"
        SECURITY_ADMIN = "security_admin", "安全管理员"
        AUDITOR = "auditor", "安全审计员"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="access_grants"
    )
    kind = models.CharField("授权类型", max_length=32, choices=Kind.choices)
    reason = models.CharField("授权依据", max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="授权人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField("授权时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "专项授权"
        verbose_name_plural = "专项授权"
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"

    @staticmethod
    def active_q(now=None):
        now = now or timezone.now()
        return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class SingletonModel(models.Model):
    """A settings row of which there is exactly one (pk=1; each subclass adds a CHECK (pk = 1))."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a user sent with a create request, and what it created.

    Claimed in the same transaction as the record it creates, so a retry (or a concurrent
    duplicate) with the same key finds it and gets the same record back instead of a second
    one; kept for a day (``IDEMPOTENCY_KEY_HOURS``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE)
    key = models.CharField("幂等键", max_length=200)
    endpoint = models.CharField("接口", max_length=200)
    fingerprint = models.CharField("请求摘要", max_length=64)
    object_id = models.PositiveBigIntegerField("创建的记录", null=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="uniq_idempotency_key_per_user")]

    def __str__(self):
        return f"{self.key} → {self.endpoint} #{self.object_id}"


class Job(models.Model):
    """Work that runs in the Celery worker instead of the request: a large import or export.

    Only its owner ever sees it (``core.jobs.selectors``); the result file lives under
    MEDIA_ROOT (never served by URL) and is handed out by the checked download view, which
    asks the job's kind again whether the owner still has the right. ``kind`` names an entry
    of ``core.jobs.registry`` (no choices here: apps register their kinds without a migration).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("任务类型", max_length=50)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField("已处理", default=0)
    progress_total = models.PositiveIntegerField("总量", default=0)
    parameters = models.JSONField("参数", default=dict, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    error_detail = models.JSONField("错误明细", default=list, blank=True)
    source = models.FileField("上传文件", upload_to="jobs/in/", max_length=200, blank=True)
    file = models.FileField("结果文件", upload_to="jobs/out/", max_length=200, blank=True)
    file_name = models.CharField("下载文件名", max_length=200, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", db_index=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_created")]

    def __str__(self):
        return f"{self.kind} #{self.pk} {self.get_status_display()}"

    @property
    def finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(99, self.progress_done * 100 // self.progress_total)
