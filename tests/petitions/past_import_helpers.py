"""Building 信访台账 workbooks for the past-year import tests: the export's layout (a title row and a
填报单位 row above the header), rows given as {header: value}."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook, load_workbook

from organization.roles import Role
from tests.factories import make_user

HEADERS = [
    "序号", "编号", "收到日期", "渠道", "类别", "问题类别", "实名", "重复件", "举报人代号", "被反映人", "被反映单位",
    "内容摘要", "状态", "受理日期", "转办部门", "转办日期", "部门反馈日期", "告知期限", "告知日期", "办结期限",
    "办结日期", "反馈日期", "报送上级日期", "亮灯", "办理结果", "处理方式", "被处理人", "被处理部门",
    "举报人姓名", "联系电话",
]  # fmt: skip


def past_year() -> int:
    return timezone.localdate().year - 1


def day(month, dom, year=None) -> dt.date:
    return dt.date(year or past_year(), month, dom)


def at(d: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(d, dt.time(hour)))


def workbook_bytes(rows, headers=HEADERS, sheet="信访台账") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["某单位信访举报台账"])
    ws.append(["填报单位：某单位", "", "导出日期：2024-01-01"])
    ws.append(headers)
    for i, row in enumerate(rows, start=1):
        ws.append([i if h == "序号" else row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(seq, received, **cells):
    """A 已登记 complaint row of the past year; ``cells`` override or add columns."""
    base = {
        "编号": f"信〔{received.year if received else past_year()}〕{seq}号",
        "收到日期": received,
        "渠道": "12345热线",
        "类别": "投诉",
        "问题类别": "服务态度",
        "实名": "否",
        "重复件": "否",
        "内容摘要": f"往年投诉第{seq}件",
        "状态": "已登记",
    }
    return base | cells


def add_columns(content: bytes, values_by_number: dict) -> bytes:
    """The exported workbook with extra columns: {编号: {header: value}} for the rows that have them."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    header_row = next(r for r in range(1, 6) if ws.cell(r, 2).value == "编号")
    headers = [c.value for c in ws[header_row]]
    extra = sorted({h for values in values_by_number.values() for h in values})
    for i, h in enumerate(extra):
        ws.cell(header_row, len(headers) + 1 + i, h)
    number_col = headers.index("编号") + 1
    for r in range(header_row + 1, ws.max_row + 1):
        values = values_by_number.get(ws.cell(r, number_col).value, {})
        for i, h in enumerate(extra):
            if h in values:
                ws.cell(r, len(headers) + 1 + i, values[h])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def other_staff():
    return make_user(Role.INSPECTOR, username="inspector2", person_name="纪检干部乙")
