"""Reading a 12345 export, .xlsx or .csv, as rows of system fields, twice if need be (check, then write).

* .xlsx goes through ``core.xlsx_read.open_workbook`` (the hostile-file guard of the 台账 imports);
* .csv is sniffed: UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312); a
  file that decodes as neither is one clear refusal. It is streamed, never decoded whole.

The header row is found among the first rows by the source's header variants
(``fields.header_variants``); every sheet of a workbook with such a header is read.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from core.import_issues import Issue, LedgerInvalid
from core.import_issues import file_issue as ledger_file_issue
from core.text import UNSTORABLE
from core.xlsx_read import iter_rows, open_workbook
from petitions.hotline import fields as F

HEADER_SEARCH_ROWS = 10
CSV_SHEET = "CSV"
CSV_MAX_BYTES = 200 * 1024 * 1024  # a year of one city's complaints is far below this
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class RawRow:
    sheet: str
    row: int
    values: dict  # field -> cleaned value (None when blank)
    problems: tuple = ()  # (field, reason) found while reading (control characters, a huge cell)


@dataclass
class Export:
    """One readable export: ``rows()`` may be called again (the import reads it twice)."""

    kind: str  # "xlsx" or "csv"
    data: bytes
    header_map: dict
    encoding: str = ""
    sheets: list = field(default_factory=list)
    ignored: list = field(default_factory=list)

    def rows(self) -> Iterator[RawRow]:
        yield from (_xlsx_rows(self) if self.kind == "xlsx" else _csv_rows(self))


def open_export(data: bytes, file_name: str, header_map: dict) -> Export:
    """Check ``data`` is a readable .xlsx or .csv with a header; raise LedgerInvalid otherwise."""
    if not data:
        raise file_issue("文件是空的")
    lower = file_name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        export = Export("xlsx", data, header_map)
    elif lower.endswith((".csv", ".txt")):
        if len(data) > CSV_MAX_BYTES:
            raise file_issue(f"CSV 文件超过 {CSV_MAX_BYTES // (1024 * 1024)} MB，请分批导出")
        export = Export("csv", data, header_map, encoding=sniff_encoding(data))
    else:
        raise file_issue("只能导入 .xlsx 或 .csv 格式的12345工单导出文件")
    for _row in export.rows():  # the first pass finds the headers (and refuses a file without)
        break
    if not export.sheets:
        _no_header()
    return export


def file_issue(reason: str) -> LedgerInvalid:
    """A refusal of the whole file whose message is the reason itself."""
    refusal = ledger_file_issue(reason)
    refusal.message = reason
    return refusal


def sniff_encoding(data: bytes) -> str:
    """utf-8-sig (reads UTF-8 with or without BOM) or gb18030; LedgerInvalid when neither decodes."""
    if b"\x00" in data[:_CHUNK]:
        raise file_issue("文件含有空字节，不是文本格式的 CSV（如为 Excel 文件，请使用 .xlsx 扩展名）")
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise file_issue("CSV 文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请另存为 UTF-8 编码的 CSV 后再导入")


def _no_header():
    names = "、".join(f"“{F.label(f)}”" for f in F.REQUIRED)
    raise file_issue(f"没有找到12345工单的表头（须有{names}等列）")


def _header(values, variants) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, value in enumerate(values):
        name = variants.get(F.normal(value)) if isinstance(value, str) else None
        if name is not None and name not in found:
            found[name] = i
    return found if F.TICKET_NO in found else None


def _check_header(export, sheet, number, header, values):
    if sheet not in export.sheets:
        export.sheets.append(sheet)
        used = set(header.values())
        for i, value in enumerate(values):
            text = str(value).strip() if value is not None else ""
            if text and i not in used and text not in export.ignored:
                export.ignored.append(text)
    missing = [Issue(sheet, number, F.label(f), "", "缺少此列") for f in F.REQUIRED if f not in header]
    if missing:
        raise LedgerInvalid(missing)


def _problems(values: dict) -> tuple:
    limit = settings.XLSX_MAX_CELL_CHARS
    found = []
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        if len(value) > limit:
            found.append((name, f"内容过长（{len(value)} 字，上限 {limit} 字）"))
        elif UNSTORABLE.search(value):
            found.append((name, "含有控制字符，请删除后再导入"))
    return tuple(found)


def _rows_of(export, sheet, numbered) -> Iterator[RawRow]:
    variants = F.header_variants(export.header_map)
    header = None
    for number, values in numbered:
        if header is None:
            header = _header(values, variants)
            if header is not None:
                _check_header(export, sheet, number, header, values)
            elif number >= HEADER_SEARCH_ROWS:
                return
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in header.items()}
        if all(v is None for v in cells.values()):
            continue  # a blank line or a 合计 row
        yield RawRow(sheet=sheet, row=number, values=cells, problems=_problems(cells))


def _xlsx_rows(export) -> Iterator[RawRow]:
    workbook, merges = open_workbook(export.data)
    try:
        for sheet in workbook.worksheets:
            yield from _rows_of(export, sheet.title, iter_rows(sheet, merges.get(sheet.title, ())))
    finally:
        workbook.close()


def _csv_cell(value: str):
    text = value.replace("\r\n", "\n").strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # an exporter's formula guard
    return text or None


def _csv_numbered(export) -> Iterator[tuple[int, list]]:
    stream = io.TextIOWrapper(io.BytesIO(export.data), encoding=export.encoding, newline="")
    reader = csv.reader(stream)
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            issue = Issue(sheet=CSV_SHEET, row=reader.line_num, column="", value="", reason=f"CSV 格式错误：{exc}")
            raise LedgerInvalid([issue]) from None
        number += 1
        yield number, [_csv_cell(v) for v in values]


def _csv_rows(export) -> Iterator[RawRow]:
    previous = csv.field_size_limit()
    # Long cells are reported per row (``_problems``), not as a parser error for the whole file.
    csv.field_size_limit(max(previous, settings.XLSX_MAX_CELL_CHARS * 4))
    try:
        yield from _rows_of(export, CSV_SHEET, _csv_numbered(export))
    finally:
        csv.field_size_limit(previous)
