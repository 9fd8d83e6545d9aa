"""Reading a filled sheet back: the ledger parser's layouts and rows, plus the key column."""

from dataclasses import dataclass

from rectification.ledger import columns as C
from rectification.ledger.issues import Issue
from rectification.ledger.parser import ParsedLedger, RawMeasure, _SheetParser
from rectification.ledger.reader import open_workbook

NOT_OURS = "不是本系统导出的填报表（缺少“措施标识”列）；请先下载填报表，在其中填写后再上传"
_NO_ROWS = "工作表没有整改措施行"


@dataclass
class FilledSheet:
    rows: list[RawMeasure]
    issues: list[Issue]
    sheets: list[str]
    order: list[str]


def read_filled(source) -> FilledSheet:
    """Every measure row of every sheet with a ledger header; a sheet without the key column is
    refused. Size and shape caps as for the import (``reader.open_workbook``)."""
    wb, merges = open_workbook(source)
    result = ParsedLedger()
    sheets, rows = [], []
    try:
        for ws in wb.worksheets:
            parser = _SheetParser(ws, result, merges.get(ws.title, ()))
            try:
                found = parser.parse()
            except Exception:  # a damaged sheet must not surface as a traceback
                result.issues.append(Issue(ws.title, None, "", "", "工作表内容已损坏，无法读取"))
                continue
            if not found:
                continue
            if C.MEASURE_KEY not in parser.layout.columns:
                result.issues.append(Issue(ws.title, parser.layout.header_row, "", "", NOT_OURS))
                continue
            sheets.append(ws.title)
        order = [ws.title for ws in wb.worksheets]
    finally:
        wb.close()
    rows = [m for p in result.problems for m in p.measures if m.sheet in sheets]
    # A header-only sheet is a round with nothing of the user's left in it: nothing to do, no refusal.
    issues = [i for i in result.issues if not (i.reason.startswith(_NO_ROWS) and i.sheet in sheets)]
    if not sheets and not issues:
        issues.append(Issue("", None, "", "", NOT_OURS))
    return FilledSheet(rows=rows, issues=issues, sheets=sheets, order=order)
