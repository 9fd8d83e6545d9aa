"""The 巡察整改 API: thin views over the selectors, services and the ledger package."""

import json
import os
import tempfile

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import ScopedQuerysetMixin
from core.errors import ApplicationError, PermissionDeniedError
from core.files import serve_file
from core.scoping import get_visible_or_404, visible_to
from rectification import permissions, selectors, services
from rectification.api import serializers as s
from rectification.api.filters import (
    AspectFilter,
    MeasureFilter,
    ProblemFilter,
    RoundFilter,
    StrictOrderingFilter,
    request_light_ctx,
)
from rectification.due_dates import round_rules_reader
from rectification.ledger import build_template, export_ledger, import_ledger
from rectification.models import Aspect, Extension, InspectionRound, Measure, Problem, ProgressUpdate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = [DjangoFilterBackend, StrictOrderingFilter]
ERROR = OpenApiResponse(description="错误：{code, message, detail}")


class XlsxRenderer(BaseRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach a renderer (files are FileResponses); keep them readable.
        return json.dumps(data, ensure_ascii=False).encode()


class AnyFileRenderer(XlsxRenderer):
    media_type = "application/octet-stream"
    format = "file"


def _xlsx_response(write, filename):
    """Write a workbook to a temporary file (not memory) and stream it as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


class _ServiceWrites:
    """create/update validate with ``write_serializer_class`` and call the services."""

    write_serializer_class = None
    immutable = ()

    def _check_manage(self):
        if not permissions.can_manage(self.request.user):
            raise PermissionDeniedError("只有纪检干部可以编辑巡察整改台账")

    def _reload(self, obj):
        return get_visible_or_404(self.selector(self.request.user), user=self.request.user, pk=obj.pk)

    def create(self, request, *args, **kwargs):
        self._check_manage()
        writer = self.write_serializer_class(data=request.data, context=self.get_serializer_context())
        writer.is_valid(raise_exception=True)
        obj = self.service_create(dict(writer.validated_data))
        return Response(self.get_serializer(self._reload(obj)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        self._check_manage()
        writer = self.write_serializer_class(
            instance, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        writer.is_valid(raise_exception=True)
        data = dict(writer.validated_data)
        for name in self.immutable:
            if name in data and data.pop(name) != getattr(instance, name):
                raise ApplicationError("不能更改所属的巡察轮次", code="immutable", detail={name: ["不能更改"]})
        obj = self.service_update(instance, data)
        return Response(self.get_serializer(self._reload(obj)).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class _Base(
    ScopedQuerysetMixin,
    _ServiceWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = FILTERS
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    model = None  # for the schema generator, which must not run the selectors

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return super().get_queryset()


def _writes(summary, read, write):
    return {
        "create": extend_schema(summary=f"新建{summary}", request=write, responses={201: read, 400: ERROR, 403: ERROR}),
        "update": extend_schema(summary=f"修改{summary}", request=write, responses={200: read, 400: ERROR, 403: ERROR}),
        "partial_update": extend_schema(
            summary=f"部分修改{summary}", request=write, responses={200: read, 400: ERROR, 403: ERROR}
        ),
        "list": extend_schema(summary=f"{summary}列表"),
        "retrieve": extend_schema(summary=f"{summary}详情"),
    }


# -- rounds ------------------------------------------------------------------------------------------


@extend_schema_view(**_writes("巡察轮次", s.RoundSerializer, s.RoundWriteSerializer))
class RoundViewSet(_Base):
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
        description="按当前用户可见范围导出；导出行为记入安全审计日志。",
        responses={(200, XLSX): OpenApiTypes.BINARY, 404: ERROR},
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
        filename = f"整改台账-{rnd.name}-{timezone.localdate():%Y%m%d}.xlsx"
        return _xlsx_response(
            lambda out: export_ledger(user=request.user, round=rnd, out=out, request=request), filename
        )

    @extend_schema(
        summary="导入整改台账（.xlsx）",
        description=(
            "上传台账导入到本轮次（须为尚无问题的轮次）。dry_run=true 时只检查不导入。"
            "有任何问题时返回 400，detail.errors 逐条列出工作表、行、列、值和原因，且不导入任何内容。"
        ),
        request={"multipart/form-data": s.LedgerImportSerializer},
        responses={200: s.LedgerSummarySerializer, 400: ERROR, 403: ERROR, 404: ERROR},
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
        if os.path.splitext(upload.name)[1].lower() not in (".xlsx", ".xlsm"):
            raise ApplicationError("请上传 Excel .xlsx 文件", code="file_type", detail={"file": ["仅支持 .xlsx"]})
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ApplicationError("文件超过大小限制", code="file_too_large", detail={"file": ["文件过大"]})
        summary = import_ledger(
            source=upload, user=request.user, round=rnd, dry_run=payload.validated_data["dry_run"], request=request
        )
        return Response(s.LedgerSummarySerializer(summary.as_dict()).data)


class LedgerTemplateView(APIView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(summary="下载空白整改台账模板（.xlsx）", responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        return _xlsx_response(build_template, "整改台账模板.xlsx")


# -- aspects and problems ----------------------------------------------------------------------------


@extend_schema_view(**_writes("问题类别", s.AspectSerializer, s.AspectWriteSerializer))
class AspectViewSet(_Base):
    model = Aspect
    serializer_class = s.AspectSerializer
    write_serializer_class = s.AspectWriteSerializer
    filterset_class = AspectFilter
    ordering_fields = ["order", "id"]
    immutable = ("round",)

    def selector(self, user):
        return selectors.aspect_list(user=user)

    def service_create(self, data):
        return services.aspect_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.aspect_update(user=self.request.user, aspect=instance, **data)


@extend_schema_view(**_writes("问题", s.ProblemSerializer, s.ProblemWriteSerializer))
class ProblemViewSet(_Base):
    model = Problem
    serializer_class = s.ProblemSerializer
    write_serializer_class = s.ProblemWriteSerializer
    filterset_class = ProblemFilter
    ordering_fields = ["order", "id"]
    ordering = ["round_id", "order", "id"]
    immutable = ("round",)

    def selector(self, user):
        return selectors.problem_list(user=user)

    def service_create(self, data):
        return services.problem_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.problem_update(user=self.request.user, problem=instance, **data)


# -- measures ---------------------------------------------------------------------------------------


def _path_id(name, description):
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


def _action_schema(summary, request=None, responses=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses=responses or {200: s.MeasureDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )


@extend_schema_view(**_writes("整改措施", s.MeasureSerializer, s.MeasureWriteSerializer))
class MeasureViewSet(_Base):
    model = Measure
    serializer_class = s.MeasureSerializer
    write_serializer_class = s.MeasureWriteSerializer
    filterset_class = MeasureFilter
    ordering_fields = ["due_date", "status", "order", "problem__order", "updated_at", "id"]
    ordering = ["due_date", "id"]

    def selector(self, user):
        return selectors.measure_list(user=user)

    def get_serializer_class(self):
        return s.MeasureDetailSerializer if self.action != "list" else s.MeasureSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["light_ctx"] = request_light_ctx(self.request)
        return context

    def get_object(self):
        if self.action == "retrieve":
            return selectors.measure_get(user=self.request.user, pk=self.kwargs["pk"])
        return super().get_object()

    def service_create(self, data):
        return services.measure_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.measure_update(user=self.request.user, measure=instance, **data)

    # workflow ------------------------------------------------------------------------------------
    def _measure(self):
        return get_visible_or_404(
            selectors.visible_measures(user=self.request.user).select_related("problem__round"),
            user=self.request.user,
            pk=self.kwargs["pk"],
        )

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    def _detail(self, measure, status_code=status.HTTP_200_OK):
        fresh = selectors.measure_get(user=self.request.user, pk=measure.pk)
        return Response(s.MeasureDetailSerializer(fresh, context=self.get_serializer_context()).data, status_code)

    @_action_schema("启动整改（未启动 → 推进中）", s.NoteSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def start(self, request, pk=None):
        measure = self._measure()  # 404 before any validation: invisible == nonexistent
        data = self._payload(s.NoteSerializer)
        return self._detail(services.measure_start(user=request.user, measure=measure, note=data["note"]))

    @_action_schema("申请销号（推进中 → 申请销号）", s.NoteSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.NoteSerializer)
        return self._detail(services.measure_submit(user=request.user, measure=measure, note=data["note"]))

    @_action_schema("审核销号（申请销号 → 已销号／长期坚持）", s.SignOffSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off", filter_backends=[])
    def sign_off(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.SignOffSerializer)
        measure = services.measure_sign_off(
            user=request.user, measure=measure, note=data["note"], long_term=data["long_term"]
        )
        return self._detail(measure)

    @_action_schema("退回（申请销号 → 推进中，须填写理由）", s.ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def send_back(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.ReturnSerializer)
        return self._detail(services.measure_return(user=request.user, measure=measure, reason=data["reason"]))

    # extensions ------------------------------------------------------------------------------------
    @extend_schema(summary="延期申请列表（含原完成时限与审批结果）", responses={200: s.ExtensionSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def extensions(self, request, pk=None):
        rows = (
            visible_to(Extension, user=request.user)
            .filter(measure=self._measure(), archived_at__isnull=True)
            .select_related("requested_by", "decided_by")
        )
        return Response(s.ExtensionSerializer(rows, many=True).data)

    @extend_schema(
        summary="申请延期（牵头部门：理由与新的完成日期）",
        request=s.ExtensionRequestSerializer,
        responses={201: s.ExtensionSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True, methods=["post"], url_path="request-extension", url_name="request-extension", filter_backends=[]
    )
    def request_extension(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.ExtensionRequestSerializer)
        extension = services.extension_request(user=request.user, measure=measure, **data)
        return Response(s.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    def _extension(self, measure):
        rows = Extension.objects.filter(measure=measure, archived_at__isnull=True)
        return get_visible_or_404(rows, user=self.request.user, pk=self.kwargs["extension_id"])

    @extend_schema(
        summary="批准延期",
        parameters=[_path_id("extension_id", "延期申请编号")],
        request=s.NoteSerializer,
        responses={200: s.ExtensionSerializer, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"extensions/(?P<extension_id>[0-9]+)/approve",
        url_name="extension-approve",
        filter_backends=[],
    )
    def approve_extension(self, request, pk=None, extension_id=None):
        extension = self._extension(self._measure())
        data = self._payload(s.NoteSerializer)
        return Response(
            s.ExtensionSerializer(
                services.extension_approve(user=request.user, extension=extension, note=data["note"])
            ).data
        )

    @extend_schema(
        summary="不予批准延期（须填写理由）",
        parameters=[_path_id("extension_id", "延期申请编号")],
        request=s.ExtensionRefuseSerializer,
        responses={200: s.ExtensionSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"extensions/(?P<extension_id>[0-9]+)/refuse",
        url_name="extension-refuse",
        filter_backends=[],
    )
    def refuse_extension(self, request, pk=None, extension_id=None):
        extension = self._extension(self._measure())
        data = self._payload(s.ExtensionRefuseSerializer)
        refused = services.extension_refuse(user=request.user, extension=extension, note=data["note"])
        return Response(s.ExtensionSerializer(refused).data)

    # progress and evidence --------------------------------------------------------------------------
    @extend_schema(
        methods=["GET"], summary="整改进展列表（含佐证材料）", responses={200: s.ProgressSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        summary="填报整改进展（可附多个佐证材料）",
        request={"multipart/form-data": s.ProgressCreateSerializer, "application/json": s.ProgressCreateSerializer},
        responses={201: s.ProgressSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def progress(self, request, pk=None):
        measure = self._measure()
        if request.method == "GET":
            rows = selectors.progress_list(user=request.user, measure=measure)
            return Response(s.ProgressSerializer(rows, many=True).data)
        data = self._payload(s.ProgressCreateSerializer)
        note = services.progress_add(
            user=request.user, measure=measure, text=data["text"], date=data.get("date"), files=data["files"]
        )
        fresh = selectors.progress_list(user=request.user, measure=measure).get(pk=note.pk)
        return Response(s.ProgressSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="为整改进展追加佐证材料",
        parameters=[_path_id("progress_id", "整改进展编号")],
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer(many=True), 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"progress/(?P<progress_id>[0-9]+)/evidence",
        url_name="progress-evidence",
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def progress_evidence(self, request, pk=None, progress_id=None):
        measure = self._measure()
        note = get_visible_or_404(
            ProgressUpdate.objects.filter(measure=measure, archived_at__isnull=True), user=request.user, pk=progress_id
        )
        data = self._payload(s.EvidenceUploadSerializer)
        saved = services.evidence_add(user=request.user, progress=note, files=data["files"])
        return Response(s.EvidenceSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载佐证材料",
        description="先按当前用户可见范围找到整改措施（看不到即 404），下载记入安全审计日志。",
        parameters=[_path_id("evidence_id", "佐证材料编号")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERROR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>[0-9]+)/download",
        url_name="evidence-download",
        filter_backends=[],
        renderer_classes=[JSONRenderer, AnyFileRenderer],
    )
    def evidence_download(self, request, pk=None, evidence_id=None):
        measure = self._measure()
        evidence = selectors.evidence_get(user=request.user, measure=measure, pk=evidence_id)
        return serve_file(request, evidence.file, filename=evidence.original_name, target=f"佐证材料#{evidence.pk}")
