"""Names printed in the report, read from the unit's profiles (no records behind them)."""

from organization.models import UnitProfile
from reports.metrics.base import TEXT, Context, Metric, Value, register_metric, register_source
from reports.models import ReportProfile

SOURCE = "profile"


def _text(code, label, field, *, extra=False, description=""):
    register_metric(
        Metric(
            code=code,
            label=label,
            source=SOURCE,
            kind=TEXT,
            profile_field=field,
            extra=extra,
            description=description or f"报告用单位信息中的“{label}”",
        )
    )


_text("unit_name", "单位名称", "unit_short_name", description="报告用单位简称；未填时取单位信息中的单位名称")
_text("line_of_work", "服务的业务工作", "line_of_work")
_text("campaign_name", "廉政工作品牌名称", "campaign_name")
_text("column_name", "网文栏目名称", "column_name")
_text("system_name", "系统名称（意识形态研判）", "system_name")
_text(
    "superior_body",
    "上级纪检机构",
    "recipient",
    extra=True,
    description="主送机关；未填时取单位信息中的上级纪检机构（正文中明文出现，如“向新区纪工委监察室汇报”）",
)


@register_source(SOURCE)
def compute(ctx: Context):
    unit = UnitProfile.load()
    profile = ReportProfile.load()
    return {
        "unit_name": Value(profile.unit_short_name.strip() or unit.name.strip()),
        "line_of_work": Value(profile.line_of_work.strip()),
        "campaign_name": Value(profile.campaign_name.strip()),
        "column_name": Value(profile.column_name.strip()),
        "system_name": Value(profile.system_name.strip()),
        "superior_body": Value(profile.recipient.strip() or unit.superior_body.strip()),
    }


def frame_for(year: int) -> dict:
    """Title, 主送 and signature of the year's report, from the two profiles."""
    unit = UnitProfile.load()
    profile = ReportProfile.load()
    party_group = unit.party_group_name.strip() or (f"{unit.name.strip()}党组" if unit.name.strip() else "")
    org = party_group if party_group.startswith("中共") else f"中共{party_group}" if party_group else ""
    return {
        "title": f"{org}关于{year}年度落实全面从严治党主体责任情况的报告" if org else "",
        "recipient": profile.recipient.strip() or unit.superior_body.strip(),
        "signature": profile.signature.strip() or org,
    }
