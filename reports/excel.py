"""The statistics appendix (.xlsx) of a saved report: the figures and the frozen tables.

The figures sheet reads the version's resolved figures (reports.selectors.saved_figures): its
数据来源 column says 系统, 人工确认 or 待填 exactly as the text prints them.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.excel import neutralise, neutralise_row
from reports.figures import MANUAL_TITLE, source_label
from reports.metrics.base import MANUAL
from reports.selectors import saved_figures

SHEET_NAME_MAX = 31
FIGURE_HEADER = ["指标", "数值", "单位", "数据来源", "依据记录数", "说明", "补充指标"]


def _sheet(wb, name, title, header, rows):
    ws = wb.create_sheet(neutralise(name)[:SHEET_NAME_MAX])
    ws.append([neutralise(title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([neutralise(h) for h in header])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(neutralise_row(row, item=f"“{name}”表中“{row[0] if row else ''}”一行", headers=header))
    for i, _ in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 28 if i == 1 else 12
    ws.freeze_panes = "B3"
    return ws


def appendix_xlsx(report) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    rows = []
    for figure in saved_figures(report).values():
        if figure.source == MANUAL:
            note = f"{MANUAL_TITLE}（{figure.reason}）" if figure.reason else MANUAL_TITLE
        else:
            note = figure.note or figure.reason
        rows.append(
            [
                figure.label,
                figure.text,
                figure.unit or "",
                source_label(figure),
                "" if figure.ids is None else len(figure.ids),
                note,
                "是" if figure.extra else "",
            ]
        )
    _sheet(
        wb,
        "指标汇总",
        f"{report.year}年度落实全面从严治党主体责任情况报告 · 指标汇总"
        + (f"（第{report.version}版）" if report.version else "（按当前数据）"),
        FIGURE_HEADER,
        rows,
    )
    for table in report.tables.get("sheets", []):
        _sheet(wb, table["name"], table["title"], table["header"], table["rows"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
