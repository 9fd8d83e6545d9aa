"""Measures: list and detail, writes, the workflow, extensions, progress and evidence."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.files import SERVED_FILE_MEDIA_TYPE, serve_file
from core.scoping import get_visible_or_404, visible_to
from rectification import selectors, services
from rectification.api import serializers as s
from rectification.api.views.base import ERROR, AnyFileRenderer, ServiceViewSet, write_schemas
from rectification.filters import MeasureFilter, request_light_ctx
from rectification.models import Extension, Measure, ProgressUpdate

# -- measures ---------------------------------------------------------------------------------------


def _path_id(name, description):
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


def _action_schema(summary, request=None, responses=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses=responses or {200: s.MeasureDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )


@extend_schema_view(**write_schemas("整改措施", s.MeasureSerializer, s.MeasureWriteSerializer))
class MeasureViewSet(ServiceViewSet):
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

    @_action_schema("启动整改（未启动 → 推进中）", s.MeasureNoteSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def start(self, request, pk=None):
        measure = self._measure()  # 404 before any validation: invisible == nonexistent
        data = self._payload(s.MeasureNoteSerializer)
        return self._detail(services.measure_start(user=request.user, measure=measure, **data))

    @_action_schema("申请销号（推进中 → 申请销号）", s.MeasureNoteSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.MeasureNoteSerializer)
        return self._detail(services.measure_submit(user=request.user, measure=measure, **data))

    @_action_schema("审核销号（申请销号 → 已销号／长期坚持）", s.MeasureSignOffSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off", filter_backends=[])
    def sign_off(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.MeasureSignOffSerializer)
        return self._detail(services.measure_sign_off(user=request.user, measure=measure, **data))

    @_action_schema("退回（申请销号 → 推进中，须填写理由）", s.MeasureReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def send_back(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.MeasureReturnSerializer)
        return self._detail(services.measure_return(user=request.user, measure=measure, **data))

    # extensions ------------------------------------------------------------------------------------
    @extend_schema(
        summary="延期申请列表（含原完成时限与审批结果）", responses={200: s.MeasureExtensionSerializer(many=True)}
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def extensions(self, request, pk=None):
        rows = (
            visible_to(Extension, user=request.user)
            .filter(measure=self._measure(), archived_at__isnull=True)
            .select_related("requested_by", "decided_by")
        )
        return Response(s.MeasureExtensionSerializer(rows, many=True).data)

    @extend_schema(
        summary="申请延期（牵头部门：理由与新的完成日期）",
        request=s.MeasureExtensionRequestSerializer,
        responses={201: s.MeasureExtensionSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True, methods=["post"], url_path="request-extension", url_name="request-extension", filter_backends=[]
    )
    def request_extension(self, request, pk=None):
        measure = self._measure()
        data = self._payload(s.MeasureExtensionRequestSerializer)
        extension = services.extension_request(user=request.user, measure=measure, **data)
        return Response(s.MeasureExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    def _extension(self, measure):
        rows = Extension.objects.filter(measure=measure, archived_at__isnull=True)
        return get_visible_or_404(rows, user=self.request.user, pk=self.kwargs["extension_id"])

    def _decide_extension(self, service, payload_class):
        extension = self._extension(self._measure())
        data = self._payload(payload_class)
        decided = service(user=self.request.user, extension=extension, **data)
        return Response(s.MeasureExtensionSerializer(decided).data)

    @extend_schema(
        summary="批准延期",
        parameters=[_path_id("extension_id", "延期申请编号")],
        request=s.MeasureNoteSerializer,
        responses={200: s.MeasureExtensionSerializer, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"extensions/(?P<extension_id>[0-9]+)/approve",
        url_name="extension-approve",
        filter_backends=[],
    )
    def approve_extension(self, request, pk=None, extension_id=None):
        return self._decide_extension(services.extension_approve, s.MeasureNoteSerializer)

    @extend_schema(
        summary="不予批准延期（须填写理由）",
        parameters=[_path_id("extension_id", "延期申请编号")],
        request=s.MeasureExtensionRefuseSerializer,
        responses={200: s.MeasureExtensionSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"extensions/(?P<extension_id>[0-9]+)/refuse",
        url_name="extension-refuse",
        filter_backends=[],
    )
    def refuse_extension(self, request, pk=None, extension_id=None):
        return self._decide_extension(services.extension_refuse, s.MeasureExtensionRefuseSerializer)

    # progress and evidence --------------------------------------------------------------------------
    @extend_schema(
        methods=["GET"], summary="整改进展列表（含佐证材料）", responses={200: s.MeasureProgressSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        summary="填报整改进展（可附多个佐证材料）",
        request={
            "multipart/form-data": s.MeasureProgressCreateSerializer,
            "application/json": s.MeasureProgressCreateSerializer,
        },
        responses={201: s.MeasureProgressSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
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
            return Response(s.MeasureProgressSerializer(rows, many=True).data)
        data = self._payload(s.MeasureProgressCreateSerializer)
        note = services.progress_add(
            user=request.user, measure=measure, text=data["text"], date=data.get("date"), files=data["files"]
        )
        fresh = selectors.progress_list(user=request.user, measure=measure).get(pk=note.pk)
        return Response(s.MeasureProgressSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="为整改进展追加佐证材料",
        parameters=[_path_id("progress_id", "整改进展编号")],
        request={"multipart/form-data": s.MeasureEvidenceUploadSerializer},
        responses={201: s.MeasureEvidenceSerializer(many=True), 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
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
        data = self._payload(s.MeasureEvidenceUploadSerializer)
        saved = services.evidence_add(user=request.user, progress=note, files=data["files"])
        return Response(s.MeasureEvidenceSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载佐证材料",
        description="先按当前用户可见范围找到整改措施（看不到即 404），下载记入安全审计日志。",
        parameters=[_path_id("evidence_id", "佐证材料编号")],
        responses={(200, SERVED_FILE_MEDIA_TYPE): OpenApiTypes.BINARY, 404: ERROR},
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
