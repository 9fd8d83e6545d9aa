"""Real-shaped 12345 work-order exports, built in the test: two header variants, .xlsx and .csv
in UTF-8, UTF-8 with BOM and GBK; dates relative to now so the tests pass on any day."""

import csv
import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook

# Variant A (a provincial platform) and variant B (a city's own system), same field order.
HEADERS_A = [
    "工单编号", "来电时间", "来电人", "联系电话", "诉求内容", "诉求类型",
    "被投诉对象", "承办单位", "办理时限", "回访结果", "满意度",
]  # fmt: skip
HEADERS_B = [
    "工单号", "受理时间", "市民姓名", "来电号码", "工单内容", "问题分类",
    "被反映部门", "承办部门", "处理时限", "回访情况", "满意程度",
]  # fmt: skip

CALLER_NAME = "上官来电人"
CALLER_PHONE = "13700001234"


def when(days_ago=3, hour=9):
    moment = timezone.localtime() - dt.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


def ticket(n, *, days_ago=3, category="服务态度", subject="", satisfaction="满意", callback="已回访", **over):
    received = when(days_ago)
    row = {
        "ticket_no": f"GD{received:%Y%m%d}{n:05d}",
        "received_at": received.strftime("%Y-%m-%d %H:%M:%S"),
        "name": CALLER_NAME,
        "phone": CALLER_PHONE,
        "content": f"第{n}号来电：窗口工作人员态度生硬，办事推诿。",
        "category": category,
        "subject": subject,
        "ticket_unit": "市政务服务中心",
        "ticket_due": (received.date() + dt.timedelta(days=10)).isoformat(),
        "callback_result": callback,
        "satisfaction": satisfaction,
    }
    row.update(over)
    return row


ORDER = list(ticket(0))


def _cells(rows):
    return [[r.get(k, "") for k in ORDER] for r in rows]


def xlsx_bytes(rows, *, headers=HEADERS_A, title=True):
    wb = Workbook()
    ws = wb.active
    ws.title = "工单明细"
    if title:
        ws.append(["12345政务服务便民热线工单导出"])
        ws.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"])
    ws.append(headers)
    for values in _cells(rows):
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, headers=HEADERS_B, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(_cells(rows))
    return out.getvalue().encode(encoding)
