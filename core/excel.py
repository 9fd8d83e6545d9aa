"""Spreadsheet helpers shared by every ledger export and import."""

from contextlib import contextmanager, suppress

from core.errors import ApplicationError
from core.text import storable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit for one cell; a longer text opens as a "repaired" file with the cell cut.
EXCEL_CELL_MAX = 32_767


class CellTooLong(ApplicationError):
    """A text too long for one Excel cell: the export is refused rather than cut silently.

    ``neutralise`` does not know which record it is writing; the writer that does catches this
    and re-raises it with ``named(...)`` so the message says which item and which column.
    """

    def __init__(self, length, where="某个单元格"):
        self.length = length
        super().__init__(
            f"{where}有 {length} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_MAX} 个字符，无法导出；请先缩短该内容",
            code="cell_too_long",
            detail={"length": length, "limit": EXCEL_CELL_MAX},
        )

    def named(self, where):
        return CellTooLong(self.length, where)


def neutralise(value):
    """A cell value safe to write: characters Excel cannot store dropped (rows stored before the
    input rule), text Excel would run as a formula prefixed with an apostrophe, and text too long
    for a cell refused with ``CellTooLong``; other values pass."""
    if not isinstance(value, str):
        return value
    value = storable(value)
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    if len(value) > EXCEL_CELL_MAX:
        raise CellTooLong(len(value))
    return value


def neutralise_row(values, *, item, headers):
    """``neutralise`` each value of one record's row; a too-long cell names ``item`` and its column."""
    out = []
    for index, value in enumerate(values):
        try:
            out.append(neutralise(value))
        except CellTooLong as exc:
            column = headers[index] if index < len(headers) else f"第 {index + 1} 列"
            raise exc.named(f"{item}的“{column}”") from None
    return out


def unneutralise(value):
    """Undo ``neutralise`` when reading back a sheet this system wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def column_letter(index):
    """1 → A, 27 → AA (for error messages that name a column)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


@contextmanager
def closed_on_error(workbook):
    """Around the writing of a write-only workbook: when an export stops part-way (a refused
    cell), its sheet streams are closed in order here rather than left to the garbage collector,
    which reports lxml errors and leaves their temporary files behind."""
    try:
        yield workbook
    except BaseException:
        for sheet in workbook.worksheets:
            with suppress(Exception):
                sheet.close()
        raise
