"""Reading a 信访台账 workbook: each sheet's header row found by its headers, then its data rows.

The file is opened by ``core.xlsx_read.open_workbook`` (the hostile-file guard first, then
openpyxl read-only), so memory stays bounded and a bad file is one clear refusal. A sheet whose
first rows hold no header with 编号, 收到日期 and 状态 is not a 信访台账 and is passed over (the
title and 填报单位 rows above the header are skipped the same way).
"""

from dataclasses import dataclass

from core.import_issues import Issue, LedgerInvalid, file_issue
from core.xlsx_read import iter_rows, open_workbook
from petitions.past_import import columns as C

# How far down a sheet the header may be (a title, a 填报单位 row, a blank line or two).
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RawRow:
    sheet: str
    row: int
    cells: dict  # header label -> cell value (cleaned; None when blank)


@dataclass
class Layout:
    sheets: list
    ignored: list  # headers read past (computed or unknown), for the summary


def _header(values) -> dict[str, int] | None:
    labels = {str(v).strip(): i for i, v in enumerate(values) if isinstance(v, str) and v.strip()}
    if not {C.NUMBER, C.RECEIVED, C.STATUS} <= labels.keys():
        return None
    return labels


def read_rows(source, *, on_row=None) -> tuple[list[RawRow], Layout]:
    """Every data row of every 信访台账 sheet of ``source``; ``LedgerInvalid`` when there is none,
    or a sheet lacks a required column."""
    workbook, merges = open_workbook(source)
    rows: list[RawRow] = []
    layout = Layout(sheets=[], ignored=[])
    issues = []
    try:
        for sheet in workbook.worksheets:
            header = None
            for number, values in iter_rows(sheet, merges.get(sheet.title, ())):
                if header is None:
                    header = _header(values)
                    if header is None and number >= HEADER_SEARCH_ROWS:
                        break
                    if header is not None:
                        issues += _check_header(sheet.title, number, header, layout)
                    continue
                cells = {label: values[i] if i < len(values) else None for label, i in header.items()}
                if all(cells.get(label) is None for label in C.KNOWN):
                    continue  # a blank line or a signature row
                if on_row is not None:
                    on_row()
                rows.append(RawRow(sheet=sheet.title, row=number, cells=cells))
            if header is not None:
                layout.sheets.append(sheet.title)
    finally:
        workbook.close()
    if issues:
        raise LedgerInvalid(issues)
    if not layout.sheets:
        raise file_issue(f"没有找到信访台账的表头（须有“{C.NUMBER}”“{C.RECEIVED}”“{C.STATUS}”等列）")
    return rows, layout


def _check_header(sheet, number, header, layout) -> list[Issue]:
    for label in header:
        if label not in C.KNOWN and label not in layout.ignored:
            layout.ignored.append(label)
    return [
        Issue(sheet=sheet, row=number, column=label, value="", reason="缺少此列")
        for label in C.REQUIRED
        if label not in header
    ]
