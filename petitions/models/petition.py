"""信访件: one letter, visit, call, web report, hotline ticket or referral, from registration to closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.concurrency import VersionedModel
from core.files import upload_to
from deadlines.indexes import estimated_index
from petitions.models.choices import (  # noqa: F401  (re-exported: this module was their home)
    DUE_FIELDS,
    FINAL_STATUSES,
    Channel,
    ContactMethod,
    Kind,
    RestrictedReason,
    Satisfaction,
    Status,
)


class Petition(ArchivableModel, VersionedModel):
    # -- number: 信〔2026〕15号, gap-free per year (see NumberCounter) ---------------------------
    year = models.PositiveIntegerField("编号年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("编号", max_length=40, unique=True)

    # -- registration --------------------------------------------------------------------------
    received_at = models.DateTimeField("收到时间", db_index=True)
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, db_index=True)
    is_named = models.BooleanField("实名", default=False)
    is_repeat = models.BooleanField("重复件", default=False)
    repeat_of = models.ForeignKey(
        "self", verbose_name="重复的原件", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    outside_remit = models.BooleanField(
        "不属本单位职权范围",
        default=False,
        help_text="上级转送、交办的信访事项不属本单位职权范围的，应在收到之日起5个工作日内提出异议（信访工作条例第二十三条）",
    )
    is_restricted = models.BooleanField(
        "上级管辖件", default=False, help_text="只记录收到和报送上级的事实与时间，不录入内容"
    )
    restricted_reason = models.CharField("上级管辖原因", max_length=20, choices=RestrictedReason.choices, blank=True)
    subject_person = models.ForeignKey(
        "organization.Person",
        verbose_name="被反映人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions_about",
    )
    subject_department = models.ForeignKey(
        "organization.Department",
        verbose_name="被反映单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions_about",
    )
    category = models.ForeignKey(
        "petitions.Category",
        verbose_name="问题类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    summary = models.TextField("内容摘要", blank=True)
    content = models.TextField("反映内容", blank=True)
    informant = models.ForeignKey(
        "petitions.Informant",
        verbose_name="信访人/举报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text="为空表示匿名；每件信访件有自己的身份记录",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True)
    # -- 12345 work order (petitions.hotline): the hotline system's own record of this item ------
    ticket_no = models.CharField(
        "工单编号", max_length=64, blank=True, help_text="12345 工单编号；导入时据此识别同一工单，不重复登记"
    )
    ticket_family = models.CharField(
        "工单族", max_length=64, blank=True, db_index=True, help_text="工单编号去掉重复、催办等后缀后的主编号"
    )
    ticket_source = models.ForeignKey(
        "petitions.HotlineSource",
        verbose_name="工单来源",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    ticket_unit = models.CharField("承办单位", max_length=100, blank=True)
    ticket_status = models.CharField("工单状态", max_length=50, blank=True)
    ticket_due = models.DateField("工单办理时限", null=True, blank=True)
    callback_result = models.TextField("回访结果", blank=True)
    satisfaction = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True, db_index=True)

    # -- 查询码 (petitions.query_code): the reporter quotes it to ask about the stage --------------
    query_code_ct = models.TextField("查询码（密文）", blank=True)
    query_code_hmac = models.CharField("查询码指纹", max_length=64, blank=True)
    query_code_issued_at = models.DateTimeField("查询码发放时间", null=True, blank=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    # -- 受理 / 不予受理 ------------------------------------------------------------------------
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejected_at = models.DateTimeField("不予受理时间", null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="不予受理决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_reason = models.TextField("不予受理理由", blank=True)

    # -- 报送上级 (fact and time only) -----------------------------------------------------------
    escalated_at = models.DateTimeField("报送上级时间", null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # -- 转办 to a department and its reply (办结反馈) ------------------------------------------
    transfer_department = models.ForeignKey(
        "organization.Department",
        verbose_name="转办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_petitions",
    )
    transfer_summary = models.TextField("转办摘要", blank=True, help_text="纪检干部撰写，责任部门只看到这段文字")
    transferred_at = models.DateTimeField("转办时间", null=True, blank=True)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="转办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_reply = models.TextField("部门办理情况", blank=True)
    replied_at = models.DateTimeField("部门反馈时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="部门反馈人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # -- 直接办理 → 办结 ----------------------------------------------------------------------------
    handling_started_at = models.DateTimeField("开始直接办理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField("办理结果", blank=True)

    # -- 告知 (受理情况) and 反馈 (处理结果) to a named reporter -------------------------------------
    notified_on = models.DateField("告知日期", null=True, blank=True)
    notify_method = models.CharField("告知方式", max_length=16, choices=ContactMethod.choices, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="告知人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback_method = models.CharField("反馈方式", max_length=16, choices=ContactMethod.choices, blank=True)
    feedback_note = models.TextField("反馈情况", blank=True, help_text="反馈内容摘要、举报人意见或异议")
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="反馈人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # -- 异议 (转送、交办件不属本单位职权范围, 信访工作条例 第二十三条) ------------------------------
    objection_on = models.DateField("提出异议日期", null=True, blank=True)
    objection_note = models.TextField("异议理由", blank=True)

    # -- 复查 / 复核 (信访工作条例 第三十五、三十六条) ------------------------------------------------
    review_requested_on = models.DateField("收到复查请求日期", null=True, blank=True)
    review_answered_on = models.DateField("复查意见日期", null=True, blank=True)
    review_opinion = models.TextField("复查意见", blank=True)
    recheck_requested_on = models.DateField("收到复核请求日期", null=True, blank=True)
    recheck_answered_on = models.DateField("复核意见日期", null=True, blank=True)
    recheck_opinion = models.TextField("复核意见", blank=True)

    # -- stored due dates (deadlines.services.register_due_date), each with its calendar warning --
    accept_due = models.DateField("受理/转办期限", null=True, blank=True)
    accept_due_warning = models.CharField("受理期限提示", max_length=200, blank=True)
    notify_due = models.DateField("告知期限", null=True, blank=True)
    notify_due_warning = models.CharField("告知期限提示", max_length=200, blank=True)
    escalate_due = models.DateField("报送上级期限", null=True, blank=True)
    escalate_due_warning = models.CharField("报送期限提示", max_length=200, blank=True)
    transfer_due = models.DateField("转办件回复期限", null=True, blank=True)
    transfer_due_warning = models.CharField("回复期限提示", max_length=200, blank=True)
    conclude_due = models.DateField("办结期限", null=True, blank=True)
    conclude_due_warning = models.CharField("办结期限提示", max_length=200, blank=True)
    conclude_due_original = models.DateField("原办结期限", null=True, blank=True, help_text="批准延期前的期限")
    conclude_due_manual = models.BooleanField("办结期限已延期", default=False)
    feedback_due = models.DateField("反馈期限", null=True, blank=True)
    feedback_due_warning = models.CharField("反馈期限提示", max_length=200, blank=True)
    objection_due = models.DateField("提出异议期限", null=True, blank=True)
    objection_due_warning = models.CharField("异议期限提示", max_length=200, blank=True)
    review_request_due = models.DateField("信访人请求复查期限", null=True, blank=True)
    review_request_due_warning = models.CharField("请求复查期限提示", max_length=200, blank=True)
    review_due = models.DateField("复查意见期限", null=True, blank=True)
    review_due_warning = models.CharField("复查期限提示", max_length=200, blank=True)
    recheck_request_due = models.DateField("信访人请求复核期限", null=True, blank=True)
    recheck_request_due_warning = models.CharField("请求复核期限提示", max_length=200, blank=True)
    recheck_due = models.DateField("复核意见期限", null=True, blank=True)
    recheck_due_warning = models.CharField("复核期限提示", max_length=200, blank=True)
    # The earliest outstanding due date and its unit, kept in step with the fields above by
    # every write (petitions.deadlines.refresh_next_due: the services' save and recomputation)
    # so lists filter, sort and light on one indexed column.
    next_due = models.DateField("最近期限", null=True, blank=True, db_index=True)
    next_due_unit = models.CharField("最近期限单位", max_length=10, blank=True)

    history = HistoricalRecords(excluded_fields=["query_code_ct", "query_code_hmac"])

    class Meta:
        verbose_name = "信访件"
        verbose_name_plural = "信访件"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="petitions_received_desc"),
            models.Index(fields=["transfer_department", "status"], name="petitions_transfer_dept"),
            estimated_index("petitions_estimated_due", *(f"{name}_warning" for name in DUE_FIELDS)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="petitions_petition_year_seq"),
            models.UniqueConstraint(
                fields=["ticket_no"], condition=~Q(ticket_no=""), name="petitions_petition_ticket_no_once"
            ),
            models.UniqueConstraint(
                fields=["query_code_hmac"], condition=~Q(query_code_hmac=""), name="petitions_query_code_once"
            ),
            # An identity belongs to one petition: a reporter row is never shared (see Informant).
            models.UniqueConstraint(fields=["informant"], name="petitions_one_petition_per_identity"),
            models.CheckConstraint(condition=Q(seq__gt=0), name="petitions_petition_seq_positive"),
            models.CheckConstraint(
                condition=Q(repeat_of__isnull=True) | Q(is_repeat=True), name="petitions_repeat_of_needs_repeat"
            ),
            # 报送上级 (检举控告工作规则 第十五条): no content, summary, reporter, category or
            # transfer is ever stored for a restricted petition.
            models.CheckConstraint(
                condition=Q(is_restricted=False)
                | Q(
                    summary="",
                    content="",
                    informant__isnull=True,
                    category__isnull=True,
                    transfer_department__isnull=True,
                    transfer_summary="",
                    result="",
                ),
                name="petitions_restricted_keeps_no_content",
            ),
            models.CheckConstraint(
                condition=Q(is_restricted=False) | ~Q(restricted_reason=""), name="petitions_restricted_has_reason"
            ),
        ]

    def __str__(self):
        return self.number

    # -- derived ----------------------------------------------------------------------------------
    @property
    def received_on(self):
        """The day of receipt in the unit's time zone (TIME_ZONE), whatever zone a request activated."""
        if not self.received_at:
            return None
        return self.received_at.astimezone(timezone.get_default_timezone()).date()

    @property
    def is_closed(self):
        """Nothing is owed any more: the handling is over and no 告知/反馈 is outstanding."""
        return self.status in FINAL_STATUSES and self.next_due is None


def attachment_path(instance, filename):
    """Unguessable storage name under petitions/ (a module-level function so migrations can reference it)."""
    return upload_to("petitions")(instance, filename)
