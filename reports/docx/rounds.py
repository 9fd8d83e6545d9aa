"""A round document (整改方案, 整改情况报告 …) as a GB/T 9704 .docx, from its rendering."""

from reports.docx.attachment import DocumentWithAttachment

# 序号 | 问题 | 整改措施 | 责任领导 | 责任部门 | 责任人 | 完成时限 — 156 mm in all
WIDTHS_MM = {7: (10, 36, 42, 16, 20, 14, 18), 6: (10, 40, 48, 22, 18, 18)}


def round_document_docx(rendered) -> bytes:
    doc = DocumentWithAttachment(title_for_properties=rendered.title)
    doc.title(rendered.title)
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
        doc.attachment_table(table.title, table.headers, table.rows, widths_mm=widths)
    return doc.to_bytes()
