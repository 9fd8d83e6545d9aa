"""The annual report as a .docx, from the rendered report.

Figures flagged for the author (【待填：…】) stay highlighted yellow. Figures confirmed by hand
(人工确认) are highlighted turquoise and named in a 附注 under the date (GB/T 9704 §7.3.7: 居左空二字,
in parentheses), so the report says which figures were filled in by hand, as the README promises.
"""

from dataclasses import dataclass

from docx.enum.text import WD_COLOR_INDEX

from reports.docx.gbt9704 import OfficialDocument

MANUAL_HIGHLIGHT = WD_COLOR_INDEX.TURQUOISE
MANUAL_HIGHLIGHT_WORD = "青绿色"


@dataclass
class _Run:
    text: str
    flagged: bool
    highlight: object = None


def _runs(segments):
    return [_Run(s.text, s.flagged, MANUAL_HIGHLIGHT if getattr(s, "manual", False) else None) for s in segments]


def manual_note(rendered) -> str:
    """The 附注 naming the figures filled in by hand; empty when there are none."""
    seen: dict[str, str] = {}
    for seg in rendered.manual:
        seen.setdefault(seg.code or seg.text, f"{seg.label or seg.code}（{seg.text}）")
    if not seen:
        return ""
    return (
        f"（文中{MANUAL_HIGHLIGHT_WORD}突出显示的{len(seen)}项数字为人工填写，系统中暂无相应记录："
        f"{'、'.join(seen.values())}。）"
    )


def annual_report_docx(rendered) -> bytes:
    title = "".join(s.text for s in rendered.title)
    doc = OfficialDocument(title_for_properties=title)
    doc.title(_runs(rendered.title))
    doc.recipient(_runs(rendered.recipient))
    for para in rendered.paragraphs:
        doc.paragraph(_runs(para.segments), level=para.level)
    doc.signature(_runs(rendered.signature), rendered.date_text)
    note = manual_note(rendered)
    if note:
        doc.paragraph(note)
    return doc.to_bytes()
