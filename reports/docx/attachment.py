"""A GB/T 9704 document with 附件说明 and an attachment table (e.g. a 整改方案's 整改任务清单).

Kept beside ``gbt9704`` as a subclass so that the body page (28 × 22) stays exactly as there;
the table is set in 仿宋 小4号 off the line grid, single spaced, its header row repeated on
every page, its columns filling the 156 mm text width.
"""

from copy import deepcopy

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.text import storable
from reports.docx.gbt9704 import (
    BODY_PT,
    FANGSONG,
    HEITI,
    TEXT_WIDTH_MM,
    TITLE_PT,
    XIAOBIAOSONG,
    OfficialDocument,
    _set_chars_indent,
)

TABLE_PT = 12  # 小4号


def _off_grid(paragraph):
    """Take a paragraph off the line grid (a 2号 line or a table cell keeps its own pitch)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc")


def _vmerge(cell, value):
    """Merge ``cell`` vertically: "restart" starts a merged run, "continue" joins the one above."""
    tc_pr = cell._tc.get_or_add_tcPr()
    merge = tc_pr.find(qn("w:vMerge"))
    if merge is None:
        merge = OxmlElement("w:vMerge")
        tc_pr.append(merge)
    if value == "restart":
        merge.set(qn("w:val"), "restart")


class DocumentWithAttachment(OfficialDocument):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cell_templates: dict = {}

    def attachment_note(self, name):
        """附件说明 (§7.3.4): after the body, 左空二字, "附件：" then the attachment's name."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _set_chars_indent(par, left_chars=2)
        self._runs(par, f"附件：{name}", FANGSONG, BODY_PT)
        return par

    def attachment_table(self, name, headers, rows, *, widths_mm=None, size_pt=TABLE_PT, merge_columns=()):
        """The attachment on a new page: "附件" in 黑体 flush left, its name centred in 小标宋, the table.

        Widths go on the grid and on every cell with a fixed layout (LibreOffice and WPS read the
        grid, Word the cells). In ``merge_columns`` a cell repeating the one above (a problem with
        several measures) is merged into it, as offices lay out a 整改任务清单."""
        par = self.doc.add_paragraph()
        par.paragraph_format.page_break_before = True
        self._runs(par, "附件", HEITI, BODY_PT)
        heading = self.doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _off_grid(heading)
        self._runs(heading, name, XIAOBIAOSONG, TITLE_PT)
        self.blank_line()
        widths = [Mm(w) for w in (widths_mm or [TEXT_WIDTH_MM / len(headers)] * len(headers))]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            cell.width = width
            self._cell(cell, text, size_pt, font=HEITI, center=True)
        previous, starts = None, {}
        for row in rows:
            # add_row gives each cell its grid column's width (w:tcW), which Word reads
            for index, (cell, text) in enumerate(zip(table.add_row().cells, row, strict=True)):
                if index in merge_columns and previous is not None and previous[index] == text:
                    _vmerge(starts[index], "restart")
                    _vmerge(cell, "continue")
                    continue
                starts[index] = cell
                self._cell(cell, text, size_pt)
            previous = row
        return table

    def _cell(self, cell, text, size_pt, *, font=FANGSONG, center=False):
        """One cell's text. The first cell of a style is formatted through python-docx; the rest
        get a copy of its paragraph and run properties (a 500-row table has 3,500 cells)."""
        par = cell.paragraphs[0]
        key = (font, size_pt, center)
        template = self._cell_templates.get(key)
        if template is None:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            par.paragraph_format.first_line_indent = None
            par.paragraph_format.line_spacing = Pt(size_pt * 1.3)
            _off_grid(par)
            self._runs(par, text, font, size_pt)
            runs = par._p.r_lst
            if runs:  # an empty first cell leaves the template for the next one
                self._cell_templates[key] = (par._p.pPr, runs[0].rPr)
            return
        p_pr, r_pr = template
        p = par._p
        p.insert(0, deepcopy(p_pr))
        text = storable(text)
        if text:
            run = p.add_r()
            run.append(deepcopy(r_pr))
            run.text = text
