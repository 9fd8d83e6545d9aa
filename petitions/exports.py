"""信访台账 (the numbered ledger 检举控告工作规则 第十四条 requires) as .xlsx.

The API and its worker export through ``ledger_queryset`` (the list's
selector, filters and ordering), ``ledger_job`` (a large export goes to the worker) and
``ledger_response`` (the download, recorded in the security log): one way, same rows.

Written with openpyxl's write-only workbook from one ``values_list`` query; every cell
goes through ``core.excel.neutralise``. It never contains a reporter's identity — only
the pseudonymous code — and a restricted petition (上级管辖件) appears by number, date and
the fact of sending only.
"""

import io
from urllib.parse import quote

from django.conf import settings
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.audit import log_event
from core.errors import ApplicationError
from core.excel import closed_on_error, column_letter, neutralise, neutralise_row
from core.filters import bound_numbers, ordering_terms
from core.jobs.scope import owner_scope
from core.jobs.services import job_start
from core.models import AuditLog
from deadlines.light import Light
from organization.models import UnitProfile
from petitions import selectors
from petitions.filters import DEFAULT_ORDERING, PETITION_ORDERING, PetitionFilter
from petitions.lights import LightContext
from petitions.models import Channel, Kind, RestrictedReason, Status
from petitions.permissions import sees_office_projection

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PETITION_EXPORT = "petition_export"

RESTRICTED_TEXT = "（上级管辖件，按规定不录入内容）"

COLUMNS = [
    ("序号", None, 6),
    ("编号", "number", 16),
    ("收到日期", "received_at", 12),
    ("渠道", "channel", 10),
    ("类别", "kind", 10),
    ("问题类别", "category__name", 16),
    ("实名", "is_named", 6),
    ("重复件", "is_repeat", 6),
    ("举报人代号", "informant__code", 12),
    ("被反映人", "subject_person__name", 10),
    ("被反映单位", "subject_department__name", 14),
    ("内容摘要", "summary", 40),
    ("状态", "status", 10),
    ("受理日期", "accepted_at", 12),
    ("转办部门", "transfer_department__name", 14),
    ("转办日期", "transferred_at", 12),
    ("部门反馈日期", "replied_at", 12),
    ("告知期限", "notify_due", 12),
    ("告知日期", "notified_on", 12),
    ("办结期限", "conclude_due", 12),
    ("原办结期限（延期前）", "conclude_due_original", 14),
    ("办结日期", "concluded_on", 12),
    ("反馈期限", "feedback_due", 12),
    ("反馈日期", "feedback_on", 12),
    ("报送上级日期", "escalated_at", 12),
    ("最近期限", "next_due", 12),
    ("亮灯", None, 8),
    ("办理结果", "result", 30),
]
_FIELDS = [f for _, f, _ in COLUMNS if f] + ["is_restricted", "restricted_reason", "next_due_unit"]
_LABELS = {
    "channel": dict(Channel.choices),
    "kind": dict(Kind.choices),
    "status": dict(Status.choices),
    "restricted_reason": dict(RestrictedReason.choices),
}
_LIGHT_LABELS = dict(Light.choices)


class _Row:
    """Enough of a petition for LightContext.light()."""

    __slots__ = ("next_due", "next_due_unit", "status")

    def __init__(self, values):
        self.next_due, self.next_due_unit, self.status = values["next_due"], values["next_due_unit"], values["status"]


def _cell_value(field, value):
    if value is None:
        return ""
    if field in _LABELS:
        return _LABELS[field].get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "tzinfo"):  # datetimes → local dates
        return timezone.localtime(value).date()
    return value


def _row(index, values, lights):
    if values["is_restricted"]:
        values = {
            **values,
            "summary": f"{RESTRICTED_TEXT}{_LABELS['restricted_reason'].get(values['restricted_reason'], '')}",
        }
    out = [index]
    for _, field, _ in COLUMNS[1:]:
        if field is None:
            out.append(_LIGHT_LABELS[lights.light(_Row(values))])
        else:
            out.append(_cell_value(field, values[field]))
    return out


def write_ledger(queryset, *, today=None, progress=None) -> tuple[bytes, int]:
    """The ledger of ``queryset`` (already visibility-scoped and filtered): (xlsx bytes, row count).

    ``progress``: a background job's ``Progress``, advanced by rows written."""
    lights = LightContext(today)
    return _write(
        queryset.values(*_FIELDS),
        sheet_name="信访台账",
        heading="信访举报台账",
        columns=COLUMNS,
        row=lambda index, values: _row(index, values, lights),
        today=lights.today,
        progress=progress,
    )


# 转办件台账: what a department sees of the petitions transferred to it (the office projection,
# ``selectors.OFFICE_FIELDS``): never the content, the reporter or the handling inside the 纪检 office.
TRANSFER_COLUMNS = [
    ("序号", None, 6),
    ("编号", "number", 16),
    ("类别", "kind", 10),
    ("问题类别", "category__name", 16),
    ("转办摘要", "transfer_summary", 40),
    ("承办部门", "transfer_department__name", 14),
    ("转办日期", "transferred_at", 12),
    ("反馈期限", "transfer_due", 12),
    ("状态", "status", 10),
    ("亮灯", None, 8),
    ("反馈日期", "replied_at", 12),
    ("办理反馈", "transfer_reply", 40),
]
_TRANSFER_FIELDS = [f for _, f, _ in TRANSFER_COLUMNS if f]
_TRANSFER_STATES = {Status.TRANSFERRED: "待办理"}


class _TransferRow:
    __slots__ = ("status", "transfer_due")

    def __init__(self, values):
        self.status, self.transfer_due = values["status"], values["transfer_due"]


def write_transfer_ledger(queryset, *, today=None, progress=None) -> tuple[bytes, int]:
    """The 转办件台账 of ``queryset`` (``selectors.transferred_list``'s, filtered): (xlsx bytes, rows)."""
    lights = LightContext(today)

    def row(index, values):
        out = [index]
        for _, field, _ in TRANSFER_COLUMNS[1:]:
            if field is None:
                out.append(_LIGHT_LABELS[lights.transfer_light(_TransferRow(values))])
            elif field == "status":
                out.append(_TRANSFER_STATES.get(values["status"], "已反馈"))
            else:
                out.append(_cell_value(field, values[field]))
        return out

    return _write(
        queryset.values(*_TRANSFER_FIELDS),
        sheet_name="转办件台账",
        heading="转办件台账",
        columns=TRANSFER_COLUMNS,
        row=row,
        today=lights.today,
        progress=progress,
    )


def _write(rows, *, sheet_name, heading, columns, row, today, progress) -> tuple[bytes, int]:
    """A write-only workbook: title, unit and date, the header, then ``row(index, values)`` of every
    value dict of ``rows`` (read in chunks), each cell neutralised."""
    # Read, not UnitProfile.load(): an export never writes (load() creates the row when missing).
    unit_name = UnitProfile.objects.filter(pk=1).values_list("name", flat=True).first() or ""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for i, (_, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[column_letter(i)].width = width
    title = WriteOnlyCell(sheet, value=neutralise(f"{unit_name}{heading}"))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([neutralise(f"填报单位：{unit_name}"), "", neutralise(f"导出日期：{today:%Y-%m-%d}")])
    header = []
    for label, _, _ in columns:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    headers = [label for label, _, _ in columns]
    count = 0
    with closed_on_error(workbook):
        for values in rows.iterator(chunk_size=2000):
            count += 1
            item = f"信访件{values['number']}" if "number" in values else f"第 {count} 条信访件"
            sheet.append(neutralise_row(row(count, values), item=item, headers=headers))
            if progress is not None:
                progress.advance(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


class LedgerQueryInvalid(Exception):  # noqa: N818 - a bad query string, answered as a 400
    """A filter of the query string is invalid; ``errors`` are the filter form's, by parameter."""

    def __init__(self, errors):
        super().__init__("invalid ledger filters")
        self.errors = errors


def ledger_queryset(*, user, query=""):
    """The petitions the 信访台账 of ``user`` holds for the query string ``query``: the list's
    visibility, filters and ordering, exactly as the API's list reads them (a worker has no
    request, only the owner: it rebuilds the same rows as the owner may see them when it runs).
    Raises ``LedgerQueryInvalid`` rather than export every row when a filter is bad."""
    params = QueryDict(query)
    base = selectors.transferred_list(user=user) if sees_office_projection(user) else selectors.petition_list(user=user)
    filterset = bound_numbers(PetitionFilter(params, queryset=base, user=user))
    if not filterset.is_valid():
        raise LedgerQueryInvalid(filterset.errors)
    try:
        ordering = ordering_terms(params.get("ordering"), PETITION_ORDERING, DEFAULT_ORDERING)
    except ApplicationError as refused:
        # the filter form's error shape, so each interface answers it as a bad filter
        raise LedgerQueryInvalid(ErrorDict({"ordering": ErrorList([refused.message])})) from None
    return filterset.qs.order_by(*ordering)


def ledger_job(*, user, queryset, query):
    """The queued export when ``queryset`` (``ledger_queryset``'s) holds more than
    ``EXPORT_BACKGROUND_ROWS`` rows; None when the request should write it itself."""
    count = queryset.count()
    if count <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    parameters = {"query": query[:2000], "filters": dict(QueryDict(query).lists()), "scope": owner_scope(user)}
    return job_start(owner=user, kind=PETITION_EXPORT, parameters=parameters, total=count)


def ledger_file_name():
    return f"信访台账-{timezone.localdate():%Y%m%d}.xlsx"


def ledger_response(request, queryset):
    """The 信访台账 of ``queryset`` (visible, filtered) as a download, recorded in the security log."""
    content, count = write_ledger(queryset)
    query = request.GET.urlencode()[:500]
    log_event(AuditLog.Event.EXPORT, request=request, target="信访台账", rows=count, query=query)
    response = HttpResponse(content, content_type=XLSX)
    stamp = f"{timezone.localdate():%Y%m%d}"
    chinese_name = quote(f"信访台账-{stamp}.xlsx")
    response["Content-Disposition"] = f"attachment; filename=\"xinfang-{stamp}.xlsx\"; filename*=UTF-8''{chinese_name}"
    return response
