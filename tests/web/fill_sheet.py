"""The downloaded 填报表 as a test edits it: find a measure's row by its text, fill its two cells."""

import io

from openpyxl import load_workbook

from rectification.ledger.fill.export import COMPLETION_COLUMN, HEADER_ROW, KEY_COLUMN, PROGRESS_COLUMN
from tests.rectification.fill_helpers import MEASURE_COLUMN, as_bytes

__all__ = ["as_bytes", "book", "cell", "fill", "measure_texts"]


def book(content: bytes):
    return load_workbook(io.BytesIO(content))


def measure_texts(wb) -> list:
    """The 整改措施 of every measure row (those with a key) of every sheet."""
    return [
        ws[f"{MEASURE_COLUMN}{r}"].value
        for ws in wb.worksheets
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws[f"{KEY_COLUMN}{r}"].value
    ]


def fill(wb, measure_text, *, progress=None, completion=None) -> int:
    """Type into the row of the measure whose 整改措施 is ``measure_text``; returns the row number."""
    for ws in wb.worksheets:
        for row in range(HEADER_ROW + 1, ws.max_row + 1):
            if ws[f"{MEASURE_COLUMN}{row}"].value == measure_text and ws[f"{KEY_COLUMN}{row}"].value:
                if progress is not None:
                    ws[f"{PROGRESS_COLUMN}{row}"] = progress
                if completion is not None:
                    ws[f"{COMPLETION_COLUMN}{row}"] = completion
                return row
    raise AssertionError(f"no row for {measure_text!r}")


def cell(wb, measure_text, column: str, value) -> None:
    """Overwrite another cell (a structure column) of the measure's row."""
    row = fill(wb, measure_text)
    for ws in wb.worksheets:
        if ws[f"{KEY_COLUMN}{row}"].value and ws[f"{MEASURE_COLUMN}{row}"].value == measure_text:
            ws[f"{column}{row}"] = value
            return
