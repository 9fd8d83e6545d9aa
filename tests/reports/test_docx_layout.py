"""The GB/T 9704 layout, read back from the document XML (the fonts themselves are not installed here)."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.docx.annual import annual_report_docx
from reports.docx.gbt9704 import OfficialDocument, chinese_numeral
from reports.narrative.render import Para, RenderedReport, Segment


def _open(content: bytes):
    return docx.Document(io.BytesIO(content))


def _east_asia(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture
def report_doc():
    rendered = RenderedReport(
        title=[Segment("中共某局党组关于2023年度落实全面从严治党主体责任情况的报告")],
        recipient=[Segment("新区纪工委监察室：")],
        paragraphs=[
            Para("body", [Segment("某局党组坚持以习近平新时代中国特色社会主义思想为指导。")]),
            Para("h1", [Segment("一、工作开展情况")]),
            Para("h2", [Segment("（一）全面压实主体责任")]),
            Para(
                "body",
                [
                    Segment("召开会议"),
                    Segment("4", code="party_conduct_meetings"),
                    Segment("次；制作墙报"),
                    Segment("【待填：制作廉宣墙报】", code="wall_posters", flagged=True),
                    Segment("块。"),
                ],
            ),
        ],
        signature=[Segment("中共某局党组")],
        date_text="2024年1月10日",
    )
    return _open(annual_report_docx(rendered))


def test_page_setup_is_a4_with_gbt9704_margins(report_doc):
    section = report_doc.sections[0]
    mm = pytest.approx  # Word stores twips: compare in millimetres to a twentieth of a point
    assert (section.page_width.mm, section.page_height.mm) == (mm(210, abs=0.02), mm(297, abs=0.02))
    assert section.top_margin.mm == mm(37, abs=0.02)
    assert section.left_margin.mm == mm(28, abs=0.02)
    assert section.right_margin.mm == mm(26, abs=0.02)
    assert section.bottom_margin.mm == mm(35, abs=0.02)
    assert section._sectPr.find(qn("w:pgMar")).get(qn("w:top")) == str(Mm(37).twips)


def test_grid_is_22_lines_of_28_characters(report_doc):
    grid = report_doc.sections[0]._sectPr.find(qn("w:docGrid"))
    # A line-only grid: a character grid's negative charSpace gives 14 a line in LibreOffice
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    assert grid.get(qn("w:linePitch")) == "579"
    line_pitch_pt = 579 / 20
    assert 22 * line_pitch_pt <= 225 / 25.4 * 72 < 23 * line_pitch_pt
    # 28 characters of 16 pt condensed by w:spacing fit the 156 mm width, 29 do not
    text_width = 156 / 25.4 * 72
    body_runs = [r for p in report_doc.paragraphs for r in p.runs if r.font.size == Pt(16)]
    assert body_runs
    for run in body_runs:
        spacing = int(run._element.rPr.find(qn("w:spacing")).get(qn("w:val")))
        char_pitch = 16 + spacing / 20
        assert 28 * char_pitch <= text_width < 29 * char_pitch
    title_run = report_doc.paragraphs[0].runs[0]
    assert title_run.font.size == Pt(22) and title_run._element.rPr.find(qn("w:spacing")) is None
    assert report_doc.paragraphs[0]._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    normal = report_doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.paragraph_format.line_spacing_rule is not None
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"


def test_title_body_and_heading_fonts(report_doc):
    paras = [p for p in report_doc.paragraphs if p.text]
    title, recipient, opening, h1, h2, body, signature, date = paras
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(_east_asia(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}
    assert {(_east_asia(r), r.font.size) for r in opening.runs} == {("仿宋_GB2312", Pt(16))}
    assert {_east_asia(r) for r in h1.runs} == {"黑体"}
    assert {_east_asia(r) for r in h2.runs} == {"楷体_GB2312"}
    assert {_east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    # Latin text and digits in Times New Roman; first lines indented two characters
    assert {r.font.name for r in body.runs} == {"Times New Roman"}
    for p in (opening, h1, h2, body):
        assert p.paragraph_format.first_line_indent == Pt(32)
        assert p._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert recipient.text == "新区纪工委监察室：" and recipient.paragraph_format.first_line_indent is None
    assert signature.text == "中共某局党组" and date.text == "2024年1月10日"
    # the date starts two characters right of the signature (不加盖印章)
    sig_left = int(signature._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")))
    date_left = int(date._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")))
    assert date_left - sig_left == 200
    # The document defaults carry the Chinese body font too (for text typed later in Word)
    defaults = report_doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_flagged_figure_is_highlighted(report_doc):
    body = [p for p in report_doc.paragraphs if "墙报" in p.text][0]
    flagged = [r for r in body.runs if r.text.startswith("【待填")]
    assert flagged and flagged[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert all(r.font.highlight_color is None for r in body.runs if not r.text.startswith("【待填"))


def test_fallback_fonts_are_declared_in_the_font_table(report_doc):
    part = next(p for p in report_doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    from lxml import etree

    root = etree.fromstring(part.blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in root.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"
    assert "黑体" in alt


def test_page_numbers_in_the_footer_as_dash_n_dash(report_doc):
    section = report_doc.sections[0]
    assert report_doc.settings.odd_and_even_pages_header_footer
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        par = footer.paragraphs[0]
        assert par.alignment == align
        assert getattr(par.paragraph_format, side) == Pt(14)
        xml = par._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert par.text.startswith("— ") and par.text.endswith(" —")
        assert {r.font.size for r in par.runs if r.text.strip()} == {Pt(14)}
        assert {_east_asia(r) for r in par.runs} == {"宋体"}


def test_no_python_docx_author_leaks(report_doc):
    assert report_doc.core_properties.author == ""
    assert report_doc.core_properties.title.startswith("中共某局党组关于2023年度")


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 5, 10, 11, 20, 23)] == ["一", "五", "十", "十一", "二十", "二十三"]


def test_writer_accepts_plain_text():
    doc = OfficialDocument()
    doc.title("关于某事的纪律检查建议")
    doc.paragraph("一、问题来源", level="h1")
    back = _open(doc.to_bytes())
    assert [p.text for p in back.paragraphs if p.text] == ["关于某事的纪律检查建议", "一、问题来源"]
