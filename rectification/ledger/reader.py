"""The 整改台账 is read by the shared safe reader (``core.xlsx_read``), also used by the 信访台账."""

from core.xlsx_read import clean, iter_rows, open_workbook, sheet_rows

__all__ = ["clean", "iter_rows", "open_workbook", "sheet_rows"]
