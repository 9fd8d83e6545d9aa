"""12345 work orders, repeat suggestions and query-code lookups.

* ``HotlineSource``: one hotline system whose exports are imported, with the column and word
  mapping chosen once for it (``header_map``, ``value_map``) and kept, editable.
* ``HotlineImport``: one import of one export file (a dry run or the real thing), run by the
  worker; the page polls its progress and reads its counts and refused rows.
* ``RepeatSuggestion``: a likely earlier petition of the same matter, suggested at registration
  or import to staff who may see both; the registrar confirms (the petition becomes a repeat of
  it) or dismisses. Never carries anything of the earlier reporter.
* ``QueryCodeLookup``: every lookup of a 查询码 by staff, found or not (append-only). The code
  typed is never stored, only whether it matched and which petition.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.archive import DeletionRefused
from core.errors import ApplicationError


class HotlineSource(models.Model):
    name = models.CharField("来源名称", max_length=50, unique=True, help_text="如：市12345热线")
    header_map = models.JSONField(
        "列名对应", default=dict, blank=True, help_text="系统字段 → 导出文件中的列名（可多个别名）"
    )
    value_map = models.JSONField(
        "取值对应", default=dict, blank=True, help_text="字段 → {导出文件中的词: 系统取值}，如问题类别、满意度"
    )
    folder = models.CharField("定时导入目录", max_length=500, blank=True, help_text="每晚从此目录导入新的导出文件")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "12345工单来源"
        verbose_name_plural = "12345工单来源"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class HotlineImport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "已拒绝"
        FAILED = "failed", "出错"

    source = models.ForeignKey(HotlineSource, verbose_name="来源", on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField("文件名", max_length=200)
    stored_file = models.CharField("暂存文件", max_length=300, blank=True)
    # The folder import remembers a file by name and content: a renamed copy, or a file rewritten
    # under the same name, is a new file; the same file twice is skipped.
    sha256 = models.CharField("文件指纹", max_length=64, blank=True, db_index=True)
    dry_run = models.BooleanField("试导入", default=False)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED, db_index=True)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    done_rows = models.PositiveIntegerField("已处理行数", default=0)
    counts = models.JSONField("计数", default=dict, blank=True, help_text="new / updated / unchanged / refused")
    errors = models.JSONField("错误", default=list, blank=True)
    unmapped = models.JSONField("未对应的取值", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "12345工单导入"
        verbose_name_plural = "12345工单导入"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.source} · {self.file_name}"


class RepeatSuggestion(models.Model):
    class Reason(models.TextChoices):
        REPORTER = "reporter", "同一反映人"
        SUBJECT = "subject", "同一被反映对象且内容相近"
        TICKET = "ticket", "同一工单族"

    class State(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认重复"
        DISMISSED = "dismissed", "不是重复"

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name="信访件", on_delete=models.PROTECT, related_name="repeat_suggestions"
    )
    original = models.ForeignKey(
        "petitions.Petition", verbose_name="疑似原件", on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField("依据", default=list)
    similarity = models.FloatField("内容相似度", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField("提示时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "疑似重复件"
        verbose_name_plural = "疑似重复件"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "original"], name="petitions_repeat_suggestion_once"),
            models.CheckConstraint(condition=~Q(petition=models.F("original")), name="petitions_repeat_not_self"),
        ]

    def __str__(self):
        return f"{self.petition_id} ← {self.original_id}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)


class QueryCodeLookup(models.Model):
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name="信访件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="query_lookups",
    )
    found = models.BooleanField("查到", default=False)
    # A try refused because its user is over the miss limit (429): logged, never counted as a miss.
    refused = models.BooleanField("次数过多被拒", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查询人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("查询时间", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    class Meta:
        verbose_name = "查询码查询记录"
        verbose_name_plural = "查询码查询记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError("查询记录不能修改", code="append_only", status=409)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)
