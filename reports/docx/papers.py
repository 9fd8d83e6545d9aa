"""The other papers the office sends, on the same GB/T 9704 layout: 纪律检查建议书 and 转办单.

Both take plain data, never a model: the callers decide what goes out, and neither
paper has any field for a reporter's identity (检举控告工作规则 第四十七条).
"""

import datetime as dt
from dataclasses import dataclass, field

from reports.docx.gbt9704 import OfficialDocument, chinese_numeral
from reports.metrics.base import date_text


@dataclass
class RecommendationPaper:
    """纪律检查建议书: 文号, 标题 关于××的纪律检查建议, 主送, 正文各部分, 回复要求, 署名与日期, 抄送."""

    number: str
    subject: str  # the ×× of 关于××的纪律检查建议
    recipient: str
    sections: list  # [(heading, [paragraph, ...]), ...]
    reply_requirement: str
    signature: str
    date: dt.date
    kind_word: str = "纪律检查建议"
    copy_to: list = field(default_factory=list)

    @property
    def title(self):
        """关于××的纪律检查建议; a subject already written as a full title is kept as it is."""
        subject = self.subject.strip()
        if subject.startswith("关于"):
            subject = subject[2:]
        if subject.endswith(self.kind_word):
            return f"关于{subject}"
        return f"关于{subject}的{self.kind_word}"


def recommendation_docx(paper: RecommendationPaper) -> bytes:
    doc = OfficialDocument(title_for_properties=paper.title)
    if paper.number:
        doc.centered(paper.number)
        doc.blank_line()
    doc.title(paper.title)
    doc.recipient(f"{paper.recipient}：" if paper.recipient else "")
    n = 0
    for heading, paragraphs in paper.sections:
        texts = [p for p in paragraphs if p and p.strip()]
        if not texts:
            continue
        n += 1
        doc.paragraph(f"{chinese_numeral(n)}、{heading}", level="h1")
        for text in texts:
            doc.paragraph(text.strip())
    if paper.reply_requirement:
        n += 1
        doc.paragraph(f"{chinese_numeral(n)}、回复要求", level="h1")
        doc.paragraph(paper.reply_requirement)
    doc.signature(paper.signature, date_text(paper.date))
    if paper.copy_to:
        doc.blank_line()
        doc.paragraph(f"抄送：{'，'.join(paper.copy_to)}。")
    return doc.to_bytes()


@dataclass
class TransferSlip:
    """转办单 for a petition handed to a department: what to handle and by when — no identity."""

    number: str  # the petition's number
    department: str
    received_date: dt.date
    kind: str
    category: str
    summary: str  # 问题内容摘要
    requirement: str  # 办理要求
    due_date: dt.date | None
    signature: str
    date: dt.date
    subject: str = ""  # 被反映单位（if any)
    title: str = "信访举报件转办单"
    notes: list = field(default_factory=list)


def transfer_docx(slip: TransferSlip) -> bytes:
    doc = OfficialDocument(title_for_properties=slip.title)
    doc.title(slip.title)
    doc.recipient(f"{slip.department}：")
    doc.paragraph("现将下列信访举报件转你部门办理，请按要求办理并反馈。")
    doc.labelled("编号", slip.number)
    doc.labelled("收件日期", date_text(slip.received_date))
    doc.labelled("类型", slip.kind or "—")
    doc.labelled("问题类别", slip.category or "—")
    if slip.subject:
        doc.labelled("被反映单位", slip.subject)
    doc.labelled("问题内容摘要", slip.summary or "—")
    doc.labelled("办理要求", slip.requirement or "请依规依纪办理，并将办理结果书面反馈。")
    doc.labelled("反馈期限", f"请于{date_text(slip.due_date)}前反馈办理情况" if slip.due_date else "请尽快反馈办理情况")
    doc.paragraph("本件涉及的信访举报人信息由受理机关保存，不随件转送；办理中不得泄露、追查信访举报人。")
    for note in slip.notes:
        doc.paragraph(note)
    doc.signature(slip.signature, date_text(slip.date))
    return doc.to_bytes()
