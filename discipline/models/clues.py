"""问题线索: numbered per year, handled step by step, each step signed (监督执纪工作规则 第二十三条)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.archive import ArchivableModel
from core.concurrency import VersionedModel
from deadlines.indexes import estimated_index
from organization.models import Department, Person

CLUE_NUMBER_PREFIX = "线"


def format_clue_number(year, seq):
    """线〔2026〕7号."""
    if not year or not seq:
        return ""
    return f"{CLUE_NUMBER_PREFIX}〔{year}〕{seq}号"


def quarter_eve(day):
    """The last day of the quarter before the one ``day`` falls in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    return day.replace(month=first_month, day=1) - dt.timedelta(days=1)


class Clue(ArchivableModel, VersionedModel):
    class Source(models.TextChoices):
        PETITION = "petition", "信访举报"
        INSPECTION = "inspection", "巡察移交"
        SUPERIOR = "superior", "上级交办"
        SUPERVISION = "supervision", "监督检查发现"
        AUDIT = "audit", "审计移交"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        ASSIGNED = "assigned", "已分办"
        PROPOSED = "proposed", "已拟办"
        DISCUSSED = "discussed", "已集体研究"
        APPROVED = "approved", "已审批"
        EXECUTING = "executing", "执行中"
        CONCLUDED = "concluded", "已办结"
        FED_BACK = "fed_back", "已反馈"

    class Disposal(models.TextChoices):
        """The four 处置方式, plus 移送审查调查 — which is a hand-over, not a disposal."""

        TALK_INQUIRY = "talk_inquiry", "谈话函询"
        PRELIMINARY = "preliminary", "初步核实"
        DEFER = "defer", "暂存待查"
        CLOSE = "close", "予以了结"
        TRANSFER = "transfer", "移送审查调查"

    class DueKind(models.TextChoices):
        DISPOSAL = "disposal", "提出处置意见"
        INQUIRY = "inquiry", "函询回复"
        INSPECTION_FEEDBACK = "inspection_feedback", "巡察移交线索反馈"
        REVIEW = "review", "暂存待查复查"
        INQUIRY_CONCLUDE = "inquiry_conclude", "谈话函询办结"
        PETITION_OFFICE_FEEDBACK = "quarterly_feedback", "向信访举报部门季度反馈"

    # the four forms of 处置 (statistics count these; TRANSFER is not among them)
    DISPOSALS = (Disposal.TALK_INQUIRY, Disposal.PRELIMINARY, Disposal.DEFER, Disposal.CLOSE)
    PRE_APPROVAL = (Status.REGISTERED, Status.ASSIGNED, Status.PROPOSED, Status.DISCUSSED)
    CLOSED = (Status.CONCLUDED, Status.FED_BACK)
    # rule code of each kind of due date (deadlines.defaults)
    DUE_RULES = {
        DueKind.DISPOSAL: "clue-disposal",
        DueKind.INQUIRY: "inquiry-reply",
        DueKind.INSPECTION_FEEDBACK: "inspection-clue-feedback",
        DueKind.REVIEW: "deferred-review",
        DueKind.INQUIRY_CONCLUDE: "inquiry-conclude",
        DueKind.PETITION_OFFICE_FEEDBACK: "accusation-quarterly-feedback",
    }

    # the stored date of each kind of due date
    DUE_FIELDS = {
        DueKind.DISPOSAL: "disposal_due_date",
        DueKind.INQUIRY: "inquiry_due_date",
        DueKind.INSPECTION_FEEDBACK: "inspection_feedback_due_date",
        DueKind.REVIEW: "next_review_date",
        DueKind.INQUIRY_CONCLUDE: "inquiry_conclude_due_date",
        DueKind.PETITION_OFFICE_FEEDBACK: "petition_office_feedback_due_date",
    }

    year = models.PositiveIntegerField("编号年度", editable=False)
    seq = models.PositiveIntegerField("编号序号", editable=False)
    received_date = models.DateField("收到日期", db_index=True)
    source = models.CharField("线索来源", max_length=20, choices=Source.choices)
    source_petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name="来源信访件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    inspection_round = models.CharField(
        "巡察轮次", max_length=200, blank=True, help_text="巡察移交的线索：如 市委第三巡察组2025年常规巡察"
    )
    source_reference = models.CharField("来源编号或文号", max_length=200, blank=True)
    subject_person = models.ForeignKey(
        Person, verbose_name="被反映人", on_delete=models.PROTECT, related_name="clues_about"
    )
    subject_department = models.ForeignKey(
        Department,
        verbose_name="被反映人所在部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    summary = models.CharField("问题摘要", max_length=500)
    content = models.TextField("线索内容", blank=True)
    status = models.CharField(
        "办理阶段", max_length=12, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposal = models.CharField("处置方式", max_length=16, choices=Disposal.choices, blank=True, db_index=True)
    disposal_approved_on = models.DateField("处置意见首次批准日期", null=True, blank=True)
    approved_on = models.DateField("最近审批日期", null=True, blank=True)
    inquiry_sent_on = models.DateField("函询发函日期", null=True, blank=True)
    inquiry_replied_on = models.DateField("函询回复日期", null=True, blank=True)
    talk_held_on = models.DateField("谈话日期", null=True, blank=True)
    deferred_on = models.DateField("暂存日期", null=True, blank=True)
    last_reviewed_on = models.DateField("最近复查日期", null=True, blank=True)
    transferred_to = models.CharField("移送单位", max_length=200, blank=True)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    result = models.TextField("办理结果", blank=True)
    inspection_fed_back_on = models.DateField("向巡察机构反馈日期", null=True, blank=True)
    petition_office_fed_back_on = models.DateField("向信访举报部门反馈日期", null=True, blank=True)

    # due dates, each from its rule (deadlines.services.register_due_date keeps them current)
    disposal_due_date = models.DateField("处置意见期限", null=True, blank=True)
    disposal_due_date_warning = models.CharField("处置意见期限提示", max_length=200, blank=True)
    inquiry_due_date = models.DateField("函询回复期限", null=True, blank=True)
    inquiry_due_date_warning = models.CharField("函询回复期限提示", max_length=200, blank=True)
    inspection_feedback_due_date = models.DateField("巡察反馈期限", null=True, blank=True)
    inspection_feedback_due_date_warning = models.CharField("巡察反馈期限提示", max_length=200, blank=True)
    next_review_date = models.DateField("下次复查日期", null=True, blank=True)
    next_review_date_warning = models.CharField("下次复查日期提示", max_length=200, blank=True)
    inquiry_conclude_due_date = models.DateField("谈话函询办结期限", null=True, blank=True)
    inquiry_conclude_due_date_warning = models.CharField("谈话函询办结期限提示", max_length=200, blank=True)
    petition_office_feedback_due_date = models.DateField("信访举报部门季度反馈期限", null=True, blank=True)
    petition_office_feedback_due_date_warning = models.CharField("季度反馈期限提示", max_length=200, blank=True)
    # the earliest of the open due dates above, derived on every save (lists filter and sort on it)
    due_date = models.DateField("当前期限", null=True, blank=True, db_index=True, editable=False)
    due_kind = models.CharField("当前期限事项", max_length=20, choices=DueKind.choices, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-year", "-seq"]
        indexes = [
            estimated_index(
                "discipline_clue_estimated",
                "disposal_due_date_warning",
                "inquiry_due_date_warning",
                "inspection_feedback_due_date_warning",
                "next_review_date_warning",
                "inquiry_conclude_due_date_warning",
                "petition_office_feedback_due_date_warning",
            )
        ]
        constraints = [
            # 逐件编号: one number per clue and year, whatever the code above does.
            models.UniqueConstraint(fields=["year", "seq"], name="discipline_clue_year_seq"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="discipline_clue_seq_positive"),
        ]

    def __str__(self):
        return f"{self.number} {self.summary[:30]}"

    @property
    def number(self):
        return format_clue_number(self.year, self.seq)

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    # -- the open due dates ----------------------------------------------------------------
    # Each condition here has its twin as a Q in OPEN_FILTERS (used by the recomputation).
    def open_due_dates(self):
        """[(date, DueKind)] of the deadlines still running."""
        if self.archived_at is not None:
            return []
        out = []
        if self.disposal_approved_on is None and self.status in self.PRE_APPROVAL and self.disposal_due_date:
            out.append((self.disposal_due_date, self.DueKind.DISPOSAL))
        if (
            self.status == self.Status.EXECUTING
            and self.inquiry_sent_on
            and not self.inquiry_replied_on
            and self.inquiry_due_date
        ):
            out.append((self.inquiry_due_date, self.DueKind.INQUIRY))
        if (
            self.source == self.Source.INSPECTION
            and self.inspection_fed_back_on is None
            and self.inspection_feedback_due_date
        ):
            out.append((self.inspection_feedback_due_date, self.DueKind.INSPECTION_FEEDBACK))
        if self.status == self.Status.EXECUTING and self.disposal == self.Disposal.DEFER and self.next_review_date:
            out.append((self.next_review_date, self.DueKind.REVIEW))
        if (
            self.status == self.Status.EXECUTING
            and self.disposal == self.Disposal.TALK_INQUIRY
            and self.inquiry_conclude_due_date
        ):
            out.append((self.inquiry_conclude_due_date, self.DueKind.INQUIRY_CONCLUDE))
        if (
            self.source == self.Source.PETITION
            and self.status in self.CLOSED
            and self.petition_office_fed_back_on is None
            and self.petition_office_feedback_due_date
        ):
            out.append((self.petition_office_feedback_due_date, self.DueKind.PETITION_OFFICE_FEEDBACK))
        return sorted(out)

    # -- the event each rule-derived date counts from (one place for services and recomputation) --
    def inquiry_conclude_start(self):
        """谈话函询 办结 counts from the talk, or from the written reply to a letter."""
        if self.disposal != self.Disposal.TALK_INQUIRY:
            return None
        return self.inquiry_replied_on if self.inquiry_sent_on else self.talk_held_on

    def quarterly_feedback_start(self):
        """检举控告工作规则 第十八条 (每季度): counted from the eve of the conclusion's quarter, so the
        default 3 个月 ends on that quarter's last day."""
        if self.source != self.Source.PETITION or self.concluded_on is None:
            return None
        return quarter_eve(self.concluded_on)

    def refresh_current_due(self):
        dues = self.open_due_dates()
        self.due_date, self.due_kind = dues[0] if dues else (None, "")

    def save(self, *args, **kwargs):
        self.refresh_current_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"due_date", "due_kind"}
        super().save(*args, **kwargs)


_not_archived = Q(archived_at__isnull=True)
CLUE_OPEN_FILTERS = {
    Clue.DueKind.DISPOSAL: _not_archived & Q(disposal_approved_on__isnull=True, status__in=Clue.PRE_APPROVAL),
    Clue.DueKind.INQUIRY: _not_archived
    & Q(status=Clue.Status.EXECUTING, inquiry_sent_on__isnull=False, inquiry_replied_on__isnull=True),
    Clue.DueKind.INSPECTION_FEEDBACK: _not_archived
    & Q(source=Clue.Source.INSPECTION, inspection_fed_back_on__isnull=True),
    Clue.DueKind.REVIEW: _not_archived & Q(status=Clue.Status.EXECUTING, disposal=Clue.Disposal.DEFER),
    Clue.DueKind.INQUIRY_CONCLUDE: _not_archived & Q(status=Clue.Status.EXECUTING, disposal=Clue.Disposal.TALK_INQUIRY),
    Clue.DueKind.PETITION_OFFICE_FEEDBACK: _not_archived
    & Q(source=Clue.Source.PETITION, status__in=Clue.CLOSED, petition_office_fed_back_on__isnull=True),
}
