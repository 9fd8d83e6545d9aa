"""纪律检查建议书 and 转办单 on the same GB/T 9704 layout, from plain data."""

import datetime as dt
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reports.docx.papers import RecommendationPaper, TransferSlip, recommendation_docx, transfer_docx


def _paras(content):
    return [p for p in docx.Document(io.BytesIO(content)).paragraphs if p.text]


def _east_asia(par):
    return {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in par.runs}


def test_recommendation_paper_structure():
    paper = RecommendationPaper(
        number="某纪建〔2023〕3号",
        subject="关于加强话务服务规范管理",
        recipient="受理一处",
        sections=[
            ("问题来源", ["在日常监督中发现。"]),
            ("存在的问题", ["接听电话不规范。", "告知不及时。"]),
            ("原因分析", []),  # empty sections are left out and numbering stays continuous
            ("建议", ["加强培训。"]),
        ],
        reply_requirement="请于2023年5月10日前将整改落实情况书面反馈纪检组。如有异议，请在收到本建议书之日起五个工作日内提出。",
        signature="中共某局纪检组",
        date=dt.date(2023, 4, 10),
        copy_to=["局党组"],
    )
    paras = _paras(recommendation_docx(paper))
    texts = [p.text for p in paras]
    assert texts[0] == "某纪建〔2023〕3号" and paras[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert texts[1] == "关于加强话务服务规范管理的纪律检查建议"
    assert _east_asia(paras[1]) == {"方正小标宋简体"}
    assert texts[2] == "受理一处："
    headings = [p.text for p in paras if _east_asia(p) == {"黑体"}]
    assert headings == ["一、问题来源", "二、存在的问题", "三、建议", "四、回复要求"]
    assert "请于2023年5月10日前" in "\n".join(texts)
    assert texts[-3:] == ["中共某局纪检组", "2023年4月10日", "抄送：局党组。"]


def test_transfer_slip_has_no_identity_fields_and_says_so():
    assert not {"informant", "reporter", "name", "phone", "id_number"} & set(TransferSlip.__dataclass_fields__)
    slip = TransferSlip(
        number="XF2023-0012",
        department="督办处",
        received_date=dt.date(2023, 3, 2),
        kind="投诉",
        category="服务态度",
        summary="反映某工单办理人员态度生硬。",
        requirement="请核实情况并整改。",
        due_date=dt.date(2023, 3, 9),
        signature="中共某局纪检组",
        date=dt.date(2023, 3, 2),
    )
    texts = [p.text for p in _paras(transfer_docx(slip))]
    joined = "\n".join(texts)
    assert texts[0] == "信访举报件转办单" and texts[1] == "督办处："
    assert "编号：XF2023-0012" in joined and "问题类别：服务态度" in joined
    assert "请于2023年3月9日前反馈办理情况" in joined
    assert "信访举报人信息由受理机关保存，不随件转送" in joined
