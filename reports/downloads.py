"""File responses for saved reports (.docx, .xlsx); each download is recorded in the security log."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from core.audit import log_event
from core.models import AuditLog
from reports.docx.annual import annual_report_docx
from reports.excel import appendix_xlsx
from reports.rendering import render_saved

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(request, content: bytes, *, filename, content_type, target):
    log_event(AuditLog.Event.EXPORT, request=request, target=target)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def report_filename(report, ext):
    return f"{report.year}年度落实全面从严治党主体责任情况报告（第{report.version}版）.{ext}"


def docx_response(request, report):
    content = annual_report_docx(render_saved(report))
    return file_response(
        request, content, filename=report_filename(report, "docx"), content_type=DOCX, target=str(report)
    )


def xlsx_response(request, report):
    content = appendix_xlsx(report)
    name = f"{report.year}年度报告统计附表（第{report.version}版）.xlsx"
    return file_response(request, content, filename=name, content_type=XLSX, target=f"{report}统计附表")
