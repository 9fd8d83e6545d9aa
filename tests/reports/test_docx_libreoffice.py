"""The GB/T 9704 page as LibreOffice lays it out: 28 characters × 22 lines of 3号 on A4.

Each document is rendered with LibreOffice headless, the PDF read back with ``pdftotext
-bbox-layout`` (tests/reports/libreoffice.py). The body texts are built so that line breaking has
no choice to make (Chinese characters only, one 。 well inside the last line): every line but a
paragraph's last must hold exactly 28 characters, the first after the two-character indent 26.
A character grid LibreOffice reads differently (negative charSpace) gave 14 a line.
"""

import datetime as dt

import pytest

from reports.docx.annual import annual_report_docx
from reports.docx.papers import RecommendationPaper, TransferSlip, recommendation_docx, transfer_docx
from reports.narrative.render import Para, RenderedReport, Segment
from tests.reports import libreoffice

pytestmark = pytest.mark.skipif(not libreoffice.soffice(), reason="LibreOffice (soffice) is not installed")

PITCH = 579 / 20  # 28.95 pt
PHRASES = "坚持全面从严治党压实主体责任推动巡察整改落实落地持续深化政治监督"  # 32 characters


def _text(n, start=0):
    """n characters ending in 。, cut from a cycle of the phrases."""
    body = (PHRASES * (n // len(PHRASES) + 2))[start : start + n - 1]
    return body + "。"


def _wrapped(text, first_line_chars):
    """The lines a paragraph must break into: first_line_chars, then 28 each."""
    lines, rest, width = [], text, first_line_chars
    while rest:
        lines.append(rest[:width])
        rest, width = rest[width:], 28
    return lines


def _assert_contains_in_order(rendered, expected):
    """expected (a list of lines) appears as one contiguous run of the rendered lines."""
    for i in range(len(rendered) - len(expected) + 1):
        if rendered[i : i + len(expected)] == expected:
            return
    pytest.fail(f"lines not found as laid out by LibreOffice; expected {expected[:3]} … in {rendered[:40]}")


def _all_lines(pages):
    return [line.text for lines in pages for line in lines]


def _slot(line):
    """Which of the page's grid lines (0-21) a line sits on, counted from the text block's top."""
    return int((line.top - libreoffice.TOP) / PITCH)


def _assert_full_pages(pages, *, first_page_lines=None):
    """Every page but the last uses all 22 lines of 28.95 pt, and no page a 23rd."""
    assert len(pages) >= 3, "the test text must fill more than two pages"
    for n, lines in enumerate(pages, 1):
        slots = [_slot(line) for line in lines]
        assert len(set(slots)) == len(slots) and slots == sorted(slots), f"page {n}: lines {slots}"
        assert max(slots) <= 21, f"page {n}: a 23rd line ({slots})"
        if n < len(pages):
            assert max(slots) == 21, f"page {n} breaks after {max(slots) + 1} lines"
        # body lines (3号, on the grid) lie a whole number of pitches apart
        body = [line.top for line in lines if line.top - libreoffice.TOP - _slot(line) * PITCH > 3]
        for a, b in zip(body, body[1:], strict=False):
            assert (b - a) / PITCH == pytest.approx(round((b - a) / PITCH), abs=0.03), f"page {n}: lines {body}"
    if first_page_lines is not None:
        assert len(pages[0]) == first_page_lines


ANNUAL_TEXTS = [_text(26 + 28 * 3 + 10, start=i) for i in range(10)]  # 5 lines each
PAPER_TEXTS = [_text(26 + 28 * 4 + 7, start=3 * i) for i in range(9)]  # 6 lines each
SLIP_SUMMARY = _text(21 + 28 * 30 + 5)  # after "问题内容摘要：" (7 characters, 黑体)
SLIP_NOTES = [_text(26 + 28 * 2 + 9, start=i) for i in range(6)]


def _annual():
    return annual_report_docx(
        RenderedReport(
            title=[Segment("中共某局党组关于年度落实全面从严治党主体责任情况的报告")],
            recipient=[Segment("新区纪工委监察室：")],
            paragraphs=[Para("h1", [Segment("一、工作开展情况")])] + [Para("body", [Segment(t)]) for t in ANNUAL_TEXTS],
            signature=[Segment("中共某局党组")],
            date_text="2024年1月10日",
        )
    )


def _recommendation():
    paper = RecommendationPaper(
        number="某纪建〔2024〕1号",
        subject="加强作风建设",
        recipient="某局党组",
        sections=[("存在的问题", PAPER_TEXTS[:5]), ("具体建议", PAPER_TEXTS[5:])],
        reply_requirement=_text(40),
        signature="某纪工委",
        date=dt.date(2024, 3, 1),
    )
    return recommendation_docx(paper)


def _slip():
    slip = TransferSlip(
        number="XF2024001",
        department="某局办公室",
        received_date=dt.date(2024, 2, 1),
        kind="检举控告",
        category="违反工作纪律",
        summary=SLIP_SUMMARY,
        requirement="请依规依纪办理。",
        due_date=dt.date(2024, 3, 1),
        signature="某纪工委信访室",
        date=dt.date(2024, 2, 2),
        notes=SLIP_NOTES,
    )
    return transfer_docx(slip)


@pytest.fixture(scope="module")
def rendered():
    """The three documents through one LibreOffice start."""
    return libreoffice.render_and_measure({"annual": _annual(), "recommendation": _recommendation(), "slip": _slip()})


def test_annual_report_is_28_by_22_in_libreoffice(rendered):
    pages = rendered["annual"]
    lines = _all_lines(pages)
    for text in ANNUAL_TEXTS:
        _assert_contains_in_order(lines, _wrapped(text, 26))
    # the 2号 title keeps the exact line pitch: two lines, then one blank line, on page 1
    assert lines[:2] == ["中共某局党组关于年度落实全面从严治党主体", "责任情况的报告"]
    _assert_full_pages(pages, first_page_lines=21)


def test_recommendation_paper_is_28_by_22_in_libreoffice(rendered):
    pages = rendered["recommendation"]
    lines = _all_lines(pages)
    for text in PAPER_TEXTS:
        _assert_contains_in_order(lines, _wrapped(text, 26))
    # 文号, blank, one-line title, blank
    _assert_full_pages(pages, first_page_lines=20)


def test_transfer_slip_is_28_by_22_in_libreoffice(rendered):
    pages = rendered["slip"]
    lines = _all_lines(pages)
    _assert_contains_in_order(lines, _wrapped("问题内容摘要：" + SLIP_SUMMARY, 28))
    for text in SLIP_NOTES:
        _assert_contains_in_order(lines, _wrapped(text, 26))
    _assert_full_pages(pages, first_page_lines=21)
