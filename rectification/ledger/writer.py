"""The ledger's sheet layout, shared by the export, the blank template and the fill-in sheet.

Title row, 填报单位/日期 row, header, section rows (一、… and （一）…), one row per measure with the
problem's 序号 and text merged over its measures (openpyxl write-only: flat memory). Hidden columns
after the last visible one carry what the system needs back (the 完成时限数据 record, the fill-in
sheet's key). Several writers may share one workbook (one sheet each); ``save`` writes it.
"""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from core.excel import CellTooLong, column_letter, neutralise
from rectification.ledger import columns as C
from rectification.ledger.words import chinese_number

WIDTH = len(C.EXPORT_COLUMNS)
LAST = column_letter(WIDTH)
RECORD_COLUMN = column_letter(WIDTH + 1)

_thin = Side(style="thin")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_TITLE_FONT = Font(name="方正小标宋简体", size=16, bold=True)
_HEADER_FONT = Font(name="黑体", size=11, bold=True)
_SECTION_FONT = Font(name="黑体", size=11, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
DATE_FORMAT = "yyyy-mm-dd"


def ledger_title(unit_name: str, team: str) -> str:
    return f"{unit_name}关于{team}反馈意见整改落实台账"


def _too_long(text):
    try:
        neutralise(text)
    except CellTooLong:
        return True
    return False


class LedgerWriter:
    """The sheet layout shared by the export and the blank template."""

    def __init__(self, *, record=False, hidden=(), wb=None, title="整改台账", before_rows=None):
        """``record``: the export's hidden 完成时限数据 column after the last one (not in the template);
        ``hidden``: further hidden columns (fields) after it. ``wb``: a write-only workbook to add the
        sheet to (a new one by default). ``before_rows``: called with the sheet before its first row is
        written (sheet views, column styles and page properties must be set by then)."""
        self.wb = wb if wb is not None else Workbook(write_only=True)
        self.ws = self.wb.create_sheet(title)
        for index, (_field, width) in enumerate(C.EXPORT_COLUMNS, start=1):
            self.ws.column_dimensions[column_letter(index)].width = width
        self.record = record
        self.hidden = ([C.DEADLINE_RECORD] if record else []) + list(hidden)
        for offset in range(len(self.hidden)):
            self.ws.column_dimensions[column_letter(WIDTH + 1 + offset)].hidden = True
        if before_rows is not None:
            before_rows(self.ws)
        self.row = 0
        # Collected here and handed over once: MultiCellRange.add checks every earlier range.
        self.merges = []

    def _styled(self, value, *, font=None, alignment=None, border=True, number_format=None):
        cell = WriteOnlyCell(self.ws, value=neutralise(value))
        if font:
            cell.font = font
        if alignment:
            cell.alignment = alignment
        if border:
            cell.border = _BORDER
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, values):
        self.ws.append(values)
        self.row += 1

    def merged_line(self, text, *, font=None, alignment=_LEFT, border=False):
        self.append([self._styled(text, font=font, alignment=alignment, border=border)])
        self.merges.append(f"A{self.row}:{LAST}{self.row}")

    def preamble(self, *, title, info):
        self.merged_line(title, font=_TITLE_FONT, alignment=_CENTER)
        self.merged_line(info)
        names = [name for name, _ in C.EXPORT_COLUMNS] + self.hidden
        self.append([self._styled(C.caption(name), font=_HEADER_FONT, alignment=_CENTER) for name in names])

    def section(self, level, index, title):
        label = f"{chinese_number(index)}、{title}" if level == 1 else f"（{chinese_number(index)}）{title}"
        self.merged_line(label, font=_SECTION_FONT)

    def problem(self, number, text, measure_rows, *, problem_style=None):
        """One problem and its measure rows (each a list of the columns after 问题; a value may be a
        ready ``WriteOnlyCell``). ``problem_style``: alignment of the problem's cell."""
        first = self.row + 1
        for i, values in enumerate(measure_rows or [[None] * (WIDTH - 2)]):
            seq, problem_text = (number, text) if i == 0 else (None, None)
            try:
                problem_cell = neutralise(problem_text)
                if problem_style is not None and i == 0:
                    problem_cell = self._styled(problem_text, alignment=problem_style, border=False)
                self.append([seq, problem_cell, *(self._value(v) for v in values)])
            except CellTooLong as exc:
                raise self._too_long(exc, number, [problem_text, *values]) from None
        if self.row > first:
            self.merges += [f"A{first}:A{self.row}", f"B{first}:B{self.row}"]

    @staticmethod
    def _too_long(exc, number, texts):
        """Name the problem and the column of the first text over Excel's cell limit."""
        captions = [C.caption(name) for name, _ in C.EXPORT_COLUMNS[1:]]
        index = next((i for i, t in enumerate(texts) if isinstance(t, str) and _too_long(t)), None)
        column = captions[index] if index is not None and index < len(captions) else "某列"
        return exc.named(f"第 {number} 个问题的“{column}”")

    def _value(self, value):
        if hasattr(value, "isoformat") and not isinstance(value, str):
            return self._styled(value, border=False, number_format=DATE_FORMAT)
        return neutralise(value)

    def finish(self):
        """Hand the sheet its merged areas (before the workbook is saved)."""
        self.ws.merged_cells = MultiCellRange([CellRange(ref) for ref in self.merges])

    def save(self, out):
        self.finish()
        self.wb.save(out)
