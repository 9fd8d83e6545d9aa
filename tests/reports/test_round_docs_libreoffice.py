"""The round documents as LibreOffice lays them out: the body keeps 28 characters × 22 lines.

Each document is generated from a round whose texts leave line breaking no choice (Chinese
characters only), rendered once through LibreOffice and read back with pdftotext
(tests/reports/libreoffice.py, as tests/reports/test_docx_libreoffice.py does for the annual report).
"""

import pytest

from rectification.documents import services
from rectification.models import DocumentKind
from reports.docx.rounds import round_document_docx
from reports.rounds.render import render_document
from tests.rectification.round_docs import make_round
from tests.reports import libreoffice
from tests.reports.test_docx_libreoffice import _all_lines, _assert_contains_in_order, _slot, _text, _wrapped

pytestmark = pytest.mark.skipif(not libreoffice.soffice(), reason="LibreOffice (soffice) is not installed")

TEXTS = [_text(26 + 28 * 3 + 10, start=i) for i in range(12)]  # 5 lines each: 60 lines, three pages


@pytest.fixture
def rendered(supervisor):
    demo = make_round(reviewer=supervisor)
    body = "\n".join(TEXTS)
    texts = {
        DocumentKind.PLAN: {"preamble": body},
        DocumentKind.REPORT: {"preamble": body},
        DocumentKind.LEADER_REPORT: {"leader_voice": body},
        DocumentKind.PUBLIC: {"preamble": body},
    }
    docs = {}
    for kind, data in texts.items():
        services.narrative_save(user=supervisor, rnd=demo.round, kind=kind, data=data)
        doc = services.document_generate(user=supervisor, rnd=demo.round, kind=kind)
        docs[kind.value] = round_document_docx(render_document(doc))
    return libreoffice.render_and_measure(docs)


def _body_pages(pages):
    """The pages before the attachment (its table is set smaller, off the grid)."""
    for n, lines in enumerate(pages):
        if lines and lines[0].text == "附件":
            return pages[:n]
    return pages


def test_each_round_document_is_28_by_22_in_libreoffice(rendered):
    assert set(rendered) == {k.value for k in DocumentKind}
    for kind, pages in rendered.items():
        lines = _all_lines(pages)
        for text in TEXTS:
            _assert_contains_in_order(lines, _wrapped(text, 26))
        body = _body_pages(pages)
        assert len(body) >= 3, kind
        for n, page in enumerate(body[:-1], 1):
            slots = [_slot(line) for line in page]
            assert slots == sorted(set(slots)), f"{kind} page {n}: {slots}"
            assert max(slots) == 21, f"{kind} page {n} breaks after {max(slots) + 1} lines"
        if kind in ("plan", "public"):
            assert len(body) < len(pages), f"{kind}: the 整改任务清单 attachment starts a page"
            assert any("整改任务清单" in line.text for line in pages[len(body)])
