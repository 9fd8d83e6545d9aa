"""Work records the annual report counts: activities by kind and 廉政风险点 by category of work."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.files import upload_to

_attachment_path = upload_to("activities")


def attachment_upload_to(instance, filename):
    """Module-level so migrations can reference it (core.files.upload_to returns a closure)."""
    return _attachment_path(instance, filename)


class ActivityKind(models.Model):
    """A kind of work record (a meeting, a talk, a publication …), counted in its own unit word.

    ``code`` is what the report's metrics refer to; the kinds the report needs are
    seeded by a data migration and marked ``is_system`` (their code cannot change).
    """

    class Unit(models.TextChoices):
        TIMES = "次", "次"
        PERSON_TIMES = "人次", "人次"
        PERSONS = "人", "人"
        ARTICLES = "篇", "篇"
        BOARDS = "块", "块"
        ITEMS = "个", "个"
        COPIES = "份", "份"

    code = models.SlugField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    unit = models.CharField("计量单位", max_length=4, choices=Unit.choices, default=Unit.TIMES)
    counts_persons = models.BooleanField(
        "按人数计", default=False, help_text="勾选后，记录的数量为涉及人员人数（如谈心谈话人次）"
    )
    allows_seminar = models.BooleanField("可标记专题研讨", default=False)
    is_system = models.BooleanField("系统内置", default=False, editable=False)
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作记录类型"
        verbose_name_plural = "工作记录类型"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Activity(ArchivableModel):
    """One dated work record: a meeting held, talks given, articles published …"""

    kind = models.ForeignKey(ActivityKind, verbose_name="类型", on_delete=models.PROTECT, related_name="activities")
    date = models.DateField("日期", db_index=True)
    title = models.CharField("标题", max_length=200)
    quantity = models.PositiveIntegerField(
        "数量", default=1, validators=[MinValueValidator(1)], help_text="按类型的计量单位计（次、篇、块、个、人、人次）"
    )
    persons = models.ManyToManyField(
        "organization.Person", verbose_name="涉及人员", blank=True, related_name="report_activities"
    )
    is_seminar = models.BooleanField("专题研讨", default=False)
    department = models.ForeignKey(
        "organization.Department",
        verbose_name="组织部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_activities",
    )
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(m2m_fields=[persons])

    class Meta:
        verbose_name = "工作记录"
        verbose_name_plural = "工作记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"], name="reports_act_kind_date")]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="activity_quantity_positive")]

    def __str__(self):
        return f"{self.date} {self.title}"


class ActivityAttachment(models.Model):
    """A file kept with a work record (会议纪要、照片、网文截图 …)."""

    activity = models.ForeignKey(
        Activity, verbose_name="工作记录", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_upload_to, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作记录附件"
        verbose_name_plural = "工作记录附件"
        ordering = ["id"]

    def __str__(self):
        return self.name


class RiskCategory(models.Model):
    """One of the 八类工作 under which 廉政风险点 are searched for (data, editable)."""

    name = models.CharField("名称", max_length=100, unique=True)
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "风险排查工作类别"
        verbose_name_plural = "风险排查工作类别"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class RiskPoint(ArchivableModel):
    """An integrity risk found in a category of work, with the 短板 found and the 建议 made."""

    date = models.DateField("排查日期", db_index=True)
    category = models.ForeignKey(
        RiskCategory, verbose_name="工作类别", on_delete=models.PROTECT, related_name="risk_points"
    )
    department = models.ForeignKey(
        "organization.Department",
        verbose_name="所在部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_points",
    )
    title = models.CharField("风险点", max_length=200)
    shortcoming_count = models.PositiveIntegerField("制度措施短板（条）", default=0)
    shortcomings = models.TextField("短板情况", blank=True)
    suggestion_count = models.PositiveIntegerField("意见建议（条）", default=0)
    suggestions = models.TextField("意见建议", blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "廉政风险点"
        verbose_name_plural = "廉政风险点"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date", "category"], name="reports_risk_date_cat")]

    def __str__(self):
        return f"{self.category}：{self.title}"
