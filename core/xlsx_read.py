"""Opening an uploaded workbook safely and reading its rows (python-calamine): the 台账 imports.

``core.xlsx_guard`` checks the file against the size caps first (nothing is parsed when it
fails) and returns the merged areas, which read-only mode does not expose. A cell covered by a
merge that spans several rows (a problem merged over its measures, a department merged over
several rows) reads as the merge's top-left value; merges within one row (titles, section rows)
are left as they are, so a heading still reads as one cell. Merges stay ranges: a merge over a
million rows costs one tuple, not a million dict entries.

The reader is python-calamine (Rust): about ten times faster than openpyxl's read-only mode on a
ledger. It loads one sheet at a time; the guard has already bounded that sheet's cells, rows,
columns and text, so what it holds is bounded too. ``CalamineBook`` gives the parsers the small part
of openpyxl's interface they use (``worksheets``, ``title``, ``iter_rows(values_only=True)``,
``close``), with openpyxl's values: an empty cell is None and a whole number an int.
"""

import io
import zipfile

from python_calamine import CalamineWorkbook, SheetTypeEnum

from core.excel import unneutralise
from core.files import has_zip_member
from core.import_issues import file_issue
from core.text import storable
from core.xlsx_guard import UnsafeWorkbook, inspect_xlsx


def open_workbook(source):
    """``source``: bytes or a file object → (workbook, {sheet title: merged ranges}).

    Raises LedgerInvalid for anything not a readable .xlsx or over the caps (``XLSX_MAX_*``).
    """
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
    if not data:
        raise file_issue("文件是空的")
    buffer = io.BytesIO(data)
    # The same content rule as every other upload (core.files): a zip from byte one holding a workbook.
    if not has_zip_member(buffer, "xl/workbook.xml"):
        raise file_issue(
            "文件不是有效的 .xlsx 工作簿（可能是 .xls、.csv 或其他格式，请用 Excel 另存为 .xlsx 后再导入）"
        )
    buffer.seek(0)
    unreadable = "文件不是有效的 .xlsx 工作簿，或内容已损坏，无法读取"
    try:
        with zipfile.ZipFile(buffer) as archive:
            merges = inspect_xlsx(archive).merges
    except UnsafeWorkbook as exc:
        raise file_issue(exc.message) from None
    except Exception:  # a damaged zip or XML part: the same answer as openpyxl's failures below
        raise file_issue(unreadable) from None
    buffer.seek(0)
    try:
        return CalamineBook(CalamineWorkbook.from_filelike(buffer)), merges
    except Exception:  # the reader raises many kinds of error for damaged or foreign files
        raise file_issue(unreadable) from None


def _value(value):
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


class CalamineSheet:
    """One worksheet, loaded when its rows are first read (a damaged sheet fails there, where the
    parsers report it as that sheet's problem)."""

    def __init__(self, book, title):
        self.book, self.title = book, title

    def iter_rows(self, values_only=True):
        sheet = self.book.get_sheet_by_name(self.title)
        pad = [None] * (sheet.start[1] if sheet.start else 0)
        for row in sheet.iter_rows():
            # Rows are counted from the sheet's first row; columns from its first used column.
            yield tuple(pad + [_value(v) for v in row])


class CalamineBook:
    def __init__(self, book):
        self.book = book
        self.worksheets = [
            CalamineSheet(book, meta.name) for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet
        ]

    def close(self):
        self.book.close()


def sheet_rows(source) -> int:
    """Rows in the workbook's sheets (declared dimension or rows present), to decide whether an
    import runs in the background; 0 for anything unreadable (the import itself then says why).
    Leaves a file object rewound."""
    try:
        data = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(inspect_xlsx(archive).rows.values())
    except Exception:  # noqa: BLE001 - the synchronous import reports every kind of bad file
        return 0
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def clean(value):
    """Cell value as the parser wants it: stripped text (formula neutralisation undone, characters
    Excel/Word cannot store dropped — they arrive as ``_x000B_`` escapes), or the value."""
    if isinstance(value, str):
        value = storable(unneutralise(value.replace("\r\n", "\n").strip())).strip()
        return value or None
    return value


def iter_rows(ws, merges=()):
    """Yield (row_number, [values]) for every row, with vertical merges filled in.

    ``merges``: (min_col, min_row, max_col, max_row) ranges; only those spanning several rows
    matter. They are walked in order of their first row, and only the ones covering the current
    row are looked at, so the cost follows the rows actually present, not the merged area.
    """
    pending = sorted((m for m in merges if m[3] > m[1]), key=lambda m: m[1])
    active = []  # [max_row, col, top value]
    next_merge = 0
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        values = [clean(v) for v in row]
        active = [a for a in active if a[0] >= number]
        for entry in active:
            col = entry[1]
            if col <= len(values) and values[col - 1] is None:
                values[col - 1] = entry[2]
        while next_merge < len(pending) and pending[next_merge][1] <= number:
            min_col, min_row, _max_col, max_row = pending[next_merge]
            next_merge += 1
            if min_row == number:
                top = values[min_col - 1] if min_col <= len(values) else None
                active.append([max_row, min_col, top])
        yield number, values
