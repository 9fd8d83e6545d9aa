"""Helpers for the fill-in sheet tests: export, find a measure's row, edit it, save it back."""

import io

from openpyxl import load_workbook

from rectification.ledger.fill import export_fill_sheet
from rectification.ledger.fill.export import COMPLETION_COLUMN, KEY_COLUMN, PROGRESS_COLUMN

MEASURE_COLUMN = "C"


def export(user, **kwargs):
    buffer = io.BytesIO()
    count = export_fill_sheet(user=user, out=buffer, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer), count


def row_of(ws, content) -> int:
    for row in range(1, ws.max_row + 1):
        if ws[f"{MEASURE_COLUMN}{row}"].value == content:
            return row
    raise AssertionError(f"no row for {content!r}")


def contents(wb) -> list:
    found = []
    for ws in wb.worksheets:
        found += [ws[f"C{r}"].value for r in range(4, ws.max_row + 1) if ws[f"{KEY_COLUMN}{r}"].value]
    return found


def fill(ws, content, *, progress=None, completion=None) -> int:
    row = row_of(ws, content)
    if progress is not None:
        ws[f"{PROGRESS_COLUMN}{row}"] = progress
    if completion is not None:
        ws[f"{COMPLETION_COLUMN}{row}"] = completion
    return row


def as_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
