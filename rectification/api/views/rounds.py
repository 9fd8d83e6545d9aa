"""Rounds, with their ledger export and import; the blank ledger template."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.jobs import JobSerializer, job_accepted
from core.errors import PermissionDeniedError
from core.files import require_xlsx_upload
from rectification import jobs, permissions, selectors, services
from rectification.api import serializers as s
from rectification.api.views.base import ERROR, XLSX, ServiceViewSet, XlsxRenderer, write_schemas, xlsx_response
from rectification.due_dates import round_rules_reader
from rectification.filters import RoundFilter
from rectification.ledger import build_template, export_ledger, import_ledger
from rectification.ledger.names import NameDecisions
from rectification.models import InspectionRound

# -- rounds ------------------------------------------------------------------------------------------


@extend_schema_view(**write_schemas("巡察轮次", s.RoundSerializer, s.RoundWriteSerializer))
class RoundViewSet(ServiceViewSet):
    model = InspectionRound
    serializer_class = s.RoundSerializer
    write_serializer_class = s.RoundWriteSerializer
    filterset_class = RoundFilter
    ordering_fields = ["feedback_date", "name", "id"]
    ordering = ["-feedback_date", "-id"]

    def selector(self, user):
        return selectors.round_list(user=user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "round_rules": round_rules_reader()}

    def service_create(self, data):
        return services.round_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.round_update(user=self.request.user, round=instance, **data)

    def _round(self, pk):
        return selectors.round_get(user=self.request.user, pk=pk)

    @extend_schema(
        summary="导出整改台账（.xlsx）",
        description=(
            "按当前用户可见范围导出；导出行为记入安全审计日志。措施多于 EXPORT_BACKGROUND_ROWS 条时转入后台任务，"
            "返回 202 和任务（之后查询 /api/v1/jobs/{id}/，完成后从 file_url 下载）。"
        ),
        responses={(200, XLSX): OpenApiTypes.BINARY, 202: JobSerializer, 404: ERROR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="ledger",
        renderer_classes=[JSONRenderer, XlsxRenderer],
        filter_backends=[],
    )
    def ledger_export(self, request, pk=None):
        rnd = self._round(pk)
        job = jobs.round_export_job(user=request.user, round=rnd)
        if job is not None:
            return job_accepted(job)
        filename = f"整改台账-{rnd.name}-{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response(
            lambda out: export_ledger(user=request.user, round=rnd, out=out, request=request), filename
        )

    @extend_schema(
        summary="导入整改台账（.xlsx）",
        description=(
            "上传台账导入到本轮次；轮次已有的措施（问题和措施文字相同）列为 existing 并跳过，不重复导入。"
            "dry_run=true 时只检查不导入，并返回 names（文件中每个部门和人员名称的对应：完全一致、别名、相近、未找到）"
            "和 preview（前 20 行导入后的样子）。“相近”“未找到”的名称须在 names 字段中逐个决定（对应到已有记录或新建）"
            "，否则返回 400（code=names_undecided）且不导入任何内容；对应到已有记录的名称记为别名，下次自动对应。"
            "有任何问题时返回 400，detail.errors 逐条列出工作表、行、列、值和原因，且不导入任何内容。"
            "工作表行数多于 IMPORT_BACKGROUND_ROWS 时转入后台任务，返回 202 和任务；任务失败时 error 与 error_detail "
            "给出同样的逐行问题，且不导入任何内容。"
        ),
        request={"multipart/form-data": s.LedgerImportSerializer},
        responses={200: s.LedgerSummarySerializer, 202: JobSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="ledger/import",
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
    )
    def ledger_import(self, request, pk=None):
        rnd = self._round(pk)
        if not permissions.can_manage(request.user):
            raise PermissionDeniedError("只有纪检干部可以导入整改台账")
        payload = s.LedgerImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        require_xlsx_upload(upload)
        dry_run = payload.validated_data["dry_run"]
        names = NameDecisions.from_data(payload.validated_data["names"])
        job = jobs.ledger_import_job(user=request.user, upload=upload, round=rnd, dry_run=dry_run, names=names)
        if job is not None:
            return job_accepted(job)
        summary = import_ledger(
            source=upload, user=request.user, round=rnd, dry_run=dry_run, request=request, names=names
        )
        return Response(s.LedgerSummarySerializer(summary.as_dict()).data)


class LedgerTemplateView(APIView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(summary="下载空白整改台账模板（.xlsx）", responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        return xlsx_response(build_template, "整改台账模板.xlsx")
