"""The annual report as a .docx, from the rendered report (figures flagged for the author stay highlighted)."""

from reports.docx.gbt9704 import OfficialDocument


def annual_report_docx(rendered) -> bytes:
    title = "".join(s.text for s in rendered.title)
    doc = OfficialDocument(title_for_properties=title)
    doc.title(rendered.title)
    doc.recipient(rendered.recipient)
    for para in rendered.paragraphs:
        doc.paragraph(para.segments, level=para.level)
    doc.signature(rendered.signature, rendered.date_text)
    return doc.to_bytes()
