"""Opening an uploaded workbook safely and streaming its rows (openpyxl read-only mode).

Read-only mode keeps memory flat but does not expose merged cells, so the merge list is
read from the sheet's XML separately. A cell covered by a merge that spans several rows
(a problem merged over its measures, a department merged over several rows) reads as
the merge's top-left value; merges within one row (titles, section rows) are left as
they are, so a heading still reads as one cell.
"""

import io
from xml.etree.ElementTree import iterparse  # noqa: S405 - parsing, with entity expansion off (see below)

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from core.excel import unneutralise
from core.files import has_zip_member
from rectification.ledger.issues import file_issue

MAX_ROWS_PER_SHEET = 200_000
_MERGE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


def open_workbook(source):
    """``source``: bytes or a file object. Raises LedgerInvalid for anything not a readable .xlsx."""
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
    if not data:
        raise file_issue("文件是空的")
    buffer = io.BytesIO(data)
    # The same content rule as every other upload (core.files): a zip from byte one holding a workbook.
    if not has_zip_member(buffer, "xl/workbook.xml"):
        raise file_issue(
            "文件不是有效的 .xlsx 工作簿（可能是 .xls、.csv 或其他格式，请用 Excel 另存为 .xlsx 后再导入）"
        )
    try:
        return load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for damaged or foreign files
        raise file_issue("文件不是有效的 .xlsx 工作簿，或内容已损坏，无法读取") from None


def _vertical_merges(ws):
    """{(row, col): (top_row, col)} for cells covered by merges spanning several rows."""
    covered = {}
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return covered
    with get_source() as src:
        # The sheet XML comes from the uploaded zip; iterparse does not expand external entities.
        for _event, elem in iterparse(src, events=("end",)):  # noqa: S314
            if elem.tag == _MERGE_TAG:
                min_col, min_row, _max_col, max_row = range_boundaries(elem.get("ref"))
                if max_row > min_row:
                    for row in range(min_row + 1, max_row + 1):
                        covered[(row, min_col)] = min_row
            elem.clear()
    return covered


def clean(value):
    """Cell value as the parser wants it: stripped text (formula neutralisation undone), or the value."""
    if isinstance(value, str):
        value = unneutralise(value.replace("\r\n", "\n").strip())
        return value or None
    return value


def iter_rows(ws):
    """Yield (row_number, [values]) for every row, with vertical merges filled in."""
    covered = _vertical_merges(ws)
    tops = {}  # (top_row, col) -> value, kept only for merged columns
    merged_tops = {(top, col) for (_row, col), top in covered.items()}
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS_PER_SHEET:
            raise file_issue(f"工作表“{ws.title}”超过 {MAX_ROWS_PER_SHEET} 行，请拆分后导入")
        values = [clean(v) for v in row]
        for col, value in enumerate(values, start=1):
            if (number, col) in merged_tops:
                tops[(number, col)] = value
        if covered:
            for col in range(1, len(values) + 1):
                top = covered.get((number, col))
                if top is not None and values[col - 1] is None:
                    values[col - 1] = tops.get((top, col))
        yield number, values
