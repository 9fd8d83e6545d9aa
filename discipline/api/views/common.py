"""Shared pieces of the discipline API views."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from core.api.jobs import JobSerializer
from core.api.schema import ErrorSerializer
from core.audit import log_event
from core.models import AuditLog
from discipline.exports import XLSX_CONTENT_TYPE

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误（detail 按字段列出原因）"),
    403: OpenApiResponse(ErrorSerializer, description="无权执行此操作"),
    404: OpenApiResponse(ErrorSerializer, description="不存在或无权查看"),
    409: OpenApiResponse(ErrorSerializer, description="当前状态不允许此操作"),
}

# 202: more rows than EXPORT_BACKGROUND_ROWS — the export runs as a background job (core.jobs).
XLSX_RESPONSE = {
    (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    202: JobSerializer,
    403: ERRORS[403],
    400: ERRORS[400],
}


def xlsx_response(request, content: bytes, *, filename: str, target: str, rows: int, filters) -> HttpResponse:
    """The workbook as a download, recorded in the security log (who, when, what, which filters)."""
    log_event(AuditLog.Event.EXPORT, request=request, target=target, rows=rows, filters=dict(filters.lists()))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class LightContextMixin:
    """Builds the request's LightContext once (fixed query count per page)."""

    light_context_factory = None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not hasattr(self, "_light_context"):
            self._light_context = type(self).light_context_factory()
        context["light_context"] = self._light_context
        return context
