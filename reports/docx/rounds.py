"""A round document (整改方案, 整改情况报告 …) as a GB/T 9704 .docx, from its rendering."""

import math

from reports.docx.attachment import DocumentWithAttachment
from reports.docx.gbt9704 import _width_in_chars

# 2号 characters on the 156 mm line
TITLE_LINE_CHARS = 20

# 序号 | 问题 | 整改措施 | 责任领导 | 责任部门 | 责任人 | 完成时限 — 156 mm in all
WIDTHS_MM = {7: (8, 33, 39, 18, 22, 18, 18), 6: (8, 40, 48, 24, 18, 18)}


def title_lines(title: str) -> list[str]:
    """The title broken as offices set it (GB/T 9704 §7.3.1, 梯形): the issuing body on a line of its
    own when the whole does not fit, the rest in lines of near-equal length, longer above — never a
    last line of two characters ("…的整改 / 方案")."""
    if _width_in_chars(title) <= TITLE_LINE_CHARS:
        return [title]
    cut = title.find("关于")
    head, rest = (title[:cut], title[cut:]) if cut > 0 else ("", title)
    lines = [head] if head else []
    count = math.ceil(_width_in_chars(rest) / TITLE_LINE_CHARS)
    size = math.ceil(len(rest) / count)
    lines += [rest[i : i + size] for i in range(0, len(rest), size)]
    return lines


def round_document_docx(rendered) -> bytes:
    doc = DocumentWithAttachment(title_for_properties=rendered.title)
    doc.title("\n".join(title_lines(rendered.title)))
    if rendered.recipient:
        doc.recipient(rendered.recipient)
    for para in rendered.paragraphs:
        doc.paragraph(para.segments, level=para.level)
    table = rendered.attachment
    if table is not None:
        doc.blank_line()
        doc.attachment_note(table.title)
    doc.signature(rendered.signature, rendered.date_text)
    if table is not None:
        widths = WIDTHS_MM.get(len(table.headers))
        doc.attachment_table(table.title, table.headers, table.rows, widths_mm=widths, merge_columns=(1,))
    return doc.to_bytes()
