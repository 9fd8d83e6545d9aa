"""The report-specific texts of the unit (one row); the unit's own name lives in organization.UnitProfile."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import SingletonModel


class ReportProfile(SingletonModel):
    """Names the annual report prints in clear: stored once, edited by the 纪检负责人.

    The unit's name, party group and superior body are read from
    ``organization.UnitProfile``; ``unit_short_name``, ``recipient`` and ``signature``
    override them for the report only when filled in.
    """

    unit_short_name = models.CharField(
        "单位简称（正文用）", max_length=100, blank=True, help_text="留空则使用单位信息中的单位名称"
    )
    line_of_work = models.CharField(
        "服务的业务工作", max_length=100, blank=True, help_text="如“12345热线”，用于“为……提供作风纪律保障”"
    )
    campaign_name = models.CharField("廉政工作品牌名称", max_length=100, blank=True, help_text="用于“推进“……”工作”")
    column_name = models.CharField("网文栏目名称", max_length=100, blank=True, help_text="用于“推送“……”网文”")
    system_name = models.CharField(
        "系统名称（意识形态研判）", max_length=100, blank=True, help_text="用于“分析研判……系统意识形态情况”"
    )
    recipient = models.CharField("主送机关", max_length=100, blank=True, help_text="留空则使用单位信息中的上级纪检机构")
    signature = models.CharField("署名", max_length=100, blank=True, help_text="留空则使用“中共”加党组名称")
    office_name = models.CharField(
        "纪检机构名称",
        max_length=100,
        blank=True,
        help_text="纪律检查建议书、转办单的署名，如“中共某局纪检组”；留空则为单位名称加“纪检组”",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "报告用单位信息"
        verbose_name_plural = "报告用单位信息"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="report_profile_singleton")]

    def __str__(self):
        return "报告用单位信息"
