"""The 纪律检查建议书 and the 转办单 built from their records, on the GB/T 9704 layout.

Only the fields listed here go out: no reporter identity, no petition content (the
转办单 carries the 转办摘要 the inspector wrote for the department), no subject person.
"""

import re

from django.utils import timezone

from organization.models import UnitProfile
from reports.docx.papers import RecommendationPaper, TransferSlip, recommendation_docx, transfer_docx
from reports.metrics.base import date_text
from reports.models import ReportProfile


def office_name() -> str:
    name = ReportProfile.load().office_name.strip()
    if name:
        return name
    unit = UnitProfile.load().name.strip()
    return f"{unit}纪检组" if unit else "纪检组"


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def recommendation_paper(rec) -> RecommendationPaper:
    from discipline.models import Recommendation

    label = rec.get_source_display()
    if rec.source_detail.strip():
        origin = rec.source_detail.strip()
    elif rec.source == Recommendation.Source.OTHER:
        origin = "其他途径发现的问题。"
    else:
        origin = f"在{label}中发现的问题。"
    office = office_name()
    if rec.reply_due_date:
        reply = f"请于{date_text(rec.reply_due_date)}前将整改落实情况书面回复{office}。"
    else:
        reply = f"请及时将整改落实情况书面回复{office}。"
    reply += "如有异议，请在回复期限内书面提出。"
    return RecommendationPaper(
        number=rec.number,
        subject=rec.title,
        kind_word=rec.get_kind_display(),
        recipient=rec.target_department.name,
        sections=[
            ("问题来源", [origin]),
            ("存在的问题", _lines(rec.problems)),
            ("原因分析", _lines(rec.causes)),
            ("建议", _lines(rec.recommendations)),
        ],
        reply_requirement=reply,
        signature=office,
        date=rec.issued_on or timezone.localdate(),
        copy_to=[part for part in re.split(r"[、，,；;\s]+", rec.copy_to or "") if part],
    )


def transfer_slip(petition) -> TransferSlip:
    transferred_on = timezone.localdate(petition.transferred_at) if petition.transferred_at else timezone.localdate()
    return TransferSlip(
        number=petition.number,
        department=petition.transfer_department.name,
        received_date=petition.received_on,
        kind=petition.get_kind_display(),
        category=petition.category.name if petition.category else "",
        subject=petition.subject_department.name if petition.subject_department else "",
        summary=petition.transfer_summary,
        requirement="请依规依纪核实办理，并将办理情况书面反馈。",
        due_date=petition.transfer_due,
        signature=office_name(),
        date=transferred_on,
    )


def recommendation_file(rec) -> tuple[bytes, str]:
    name = f"{rec.number or '建议书草稿'}{rec.title}.docx"
    return recommendation_docx(recommendation_paper(rec)), name


def transfer_file(petition) -> tuple[bytes, str]:
    return transfer_docx(transfer_slip(petition)), f"转办单{petition.number}.docx"
