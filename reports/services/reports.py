"""Profile texts, per-year narratives, and generating / editing / publishing report versions."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError, InvalidTransitionError, field_error, require
from core.history import attribute
from reports.appendix import appendix_tables
from reports.hints import hints_for, refresh_figure_hints
from reports.metrics import metrics
from reports.metrics.profile import frame_for
from reports.models import AnnualReport, ReportNarrative, ReportProfile
from reports.narrative.render import LEFTOVER, unknown_placeholders
from reports.permissions import can_edit_narrative, can_edit_profile, can_generate, can_publish
from reports.selectors import effective_narrative, report_figures, saved_figures
from reports.services._common import apply_fields

FIRST_YEAR = 2000
TEXT_FIELDS = ("work_text", "problems_text", "plans_text")
PROFILE_FIELDS = (
    "unit_short_name",
    "line_of_work",
    "campaign_name",
    "column_name",
    "system_name",
    "recipient",
    "signature",
    "office_name",
)
MANUAL_MAX_CHARS = 50


def validate_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise field_error("year", "年度必须是四位数字的年份") from None
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise field_error("year", f"年度应在 {FIRST_YEAR} 至 {this_year} 之间")
    return year


def last_complete_year() -> int:
    return timezone.localdate().year - 1


def validate_narrative(data: dict) -> dict:
    """Unknown placeholders and malformed manual values are refused with the field named."""
    known = metrics()
    errors = {}
    for name in TEXT_FIELDS:
        text = data.get(name)
        if text is None:
            continue
        if not isinstance(text, str):
            errors[name] = ["应为文本"]
            continue
        unknown = unknown_placeholders(text, known)
        if unknown:
            errors[name] = [f"未知的指标：{'、'.join(unknown)}"]
    manual = data.get("manual_values")
    if manual is not None:
        problems = []
        if not isinstance(manual, dict):
            problems.append("应为“指标代码: 文字”的对象")
        else:
            for code, value in manual.items():
                if code not in known:
                    problems.append(f"未知的指标：{code}")
                elif not isinstance(value, str | int) or isinstance(value, bool):
                    problems.append(f"{known[code].label}：应为文字或数字")
                elif not str(value).strip() or len(str(value)) > MANUAL_MAX_CHARS:
                    problems.append(f"{known[code].label}：应为 1 至 {MANUAL_MAX_CHARS} 个字")
                elif LEFTOVER.search(str(value)):
                    problems.append(f"{known[code].label}：不能填写占位符 XXX")
        if problems:
            errors["manual_values"] = problems
    if errors:
        raise ApplicationError("文稿有误", code="invalid", detail=errors)
    cleaned = {k: data[k] for k in TEXT_FIELDS if k in data}
    if manual is not None:
        cleaned["manual_values"] = {code: str(value).strip() for code, value in manual.items()}
    return cleaned


@transaction.atomic
def profile_update(*, user, data: dict) -> ReportProfile:
    require(can_edit_profile(user))
    profile = ReportProfile.load()
    if apply_fields(profile, {k: (v or "").strip() for k, v in data.items() if k in PROFILE_FIELDS}, PROFILE_FIELDS):
        attribute(profile, reason="修改报告用单位信息")
        profile.save()
    return profile


@transaction.atomic
def narrative_save(*, user, year, data: dict) -> ReportNarrative:
    """Save ``year``'s narrative; fields left out keep their current (or default) text."""
    require(can_edit_narrative(user), "只有纪检负责人可以修改报告文稿")
    year = validate_year(year)
    cleaned = validate_narrative(data)
    current = effective_narrative(year)
    row = ReportNarrative.objects.select_for_update().filter(year=year).first() or ReportNarrative(year=year)
    for name in (*TEXT_FIELDS, "manual_values"):
        setattr(row, name, cleaned.get(name, current[name]))
    row.updated_by = user
    attribute(row, reason="修改报告文稿")
    row.save()
    return row


@transaction.atomic
def report_generate(*, user, year, report_date: dt.date | None = None) -> AnnualReport:
    """Compile ``year`` from live data and save it as a new draft version, frozen from then on."""
    require(can_generate(user), "只有纪检干部、纪检负责人可以生成报告")
    year = validate_year(year)
    narrative = effective_narrative(year)
    narrative.pop("is_default", None)
    # saved resolved: the version's figures, flags and hints say what its text prints
    figures = report_figures(year, narrative=narrative, with_ids=True)
    frame = frame_for(year)
    tables = appendix_tables(year)
    hints = hints_for(year, figures)
    report_date = report_date or timezone.localdate()
    for _attempt in range(3):
        version = (AnnualReport.objects.filter(year=year).aggregate(n=Max("version"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                report = AnnualReport(
                    year=year,
                    version=version,
                    frame=frame,
                    narrative=narrative,
                    figures={code: f.as_dict() for code, f in figures.items()},
                    tables=tables,
                    hints=hints,
                    report_date=report_date,
                    generated_by=user,
                )
                attribute(report, reason="生成报告")
                report.save()
                return report
        except IntegrityError:  # a concurrent generation took the number: take the next one
            continue
    raise ApplicationError("报告生成冲突，请重试", code="conflict", status=409)


def _lock(report) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_update_text(*, user, report: AnnualReport, data: dict) -> AnnualReport:
    """Edit a draft's text (its figures stay as generated; new manual values re-resolve them and
    their hints, so the version's flags keep saying what its text prints)."""
    require(can_edit_narrative(user), "只有纪检负责人可以修改报告文稿")
    report = _lock(report)
    if not report.is_editable:
        raise InvalidTransitionError("已定稿的报告不能修改，请重新生成新版本")
    cleaned = validate_narrative(data)
    report.narrative = {**report.narrative, **cleaned}
    if "manual_values" in cleaned:
        figures = saved_figures(report)
        report.figures = {code: f.as_dict() for code, f in figures.items()}
        report.hints = refresh_figure_hints(report.hints or [], figures)
    frame = data.get("frame") or {}
    for key in ("title", "recipient", "signature"):
        if key in frame:
            report.frame = {**report.frame, key: str(frame[key]).strip()}
    if data.get("report_date"):
        report.report_date = data["report_date"]
    attribute(report, reason="修改报告文稿")
    report.save()
    return report


@transaction.atomic
def report_publish(*, user, report: AnnualReport) -> AnnualReport:
    """定稿: the version becomes the year's submitted report; an earlier published one is superseded."""
    require(can_publish(user), "只有纪检负责人可以定稿报告")
    report = _lock(report)
    if report.status != AnnualReport.Status.DRAFT:
        raise InvalidTransitionError("只有草稿可以定稿")
    for old in AnnualReport.objects.select_for_update().filter(year=report.year, status=AnnualReport.Status.PUBLISHED):
        old.status = AnnualReport.Status.SUPERSEDED
        attribute(old, reason=f"被第{report.version}版取代")
        old.save(update_fields=["status"])
    report.status = AnnualReport.Status.PUBLISHED
    report.published_by = user
    report.published_at = timezone.now()
    attribute(report, reason="定稿")
    report.save()
    return report
