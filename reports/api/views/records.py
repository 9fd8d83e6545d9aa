"""The 工作记录 and 廉政风险点 registers: kinds, categories and records (archived, never deleted)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api.idempotency import idempotent_create
from core.api.views import ScopedQuerysetMixin
from core.files import SERVED_FILE_MEDIA_TYPE, serve_file
from reports import selectors
from reports.api import serializers as s
from reports.api.filters import ActivityFilter, RiskPointFilter
from reports.services import records


class _NoDestroyViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Records are archived, never deleted: no destroy endpoint."""

    create_service = None
    update_service = None

    def replay_created(self, pk):
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @idempotent_create
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.create_service(user=request.user, data=serializer.validated_data)
        return Response(self.get_serializer(self._reload(obj)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = self.update_service(request.user, obj, serializer.validated_data)
        return Response(self.get_serializer(self._reload(obj)).data)

    def _reload(self, obj):
        return self.get_queryset().model._default_manager.get(pk=obj.pk) if obj.pk else obj


@extend_schema_view(
    list=extend_schema(summary="工作记录类型列表"),
    retrieve=extend_schema(summary="工作记录类型详情"),
    create=extend_schema(summary="新增工作记录类型（纪检负责人）"),
    update=extend_schema(summary="修改工作记录类型（纪检负责人）"),
    partial_update=extend_schema(summary="修改工作记录类型（纪检负责人）"),
)
class ActivityKindViewSet(_NoDestroyViewSet):
    serializer_class = s.ActivityKindSerializer
    filterset_fields = ["is_active", "is_system"]
    ordering_fields = ["order", "id", "name"]
    ordering = ["order", "id"]
    pagination_class = None

    def selector(self, user):
        return selectors.kind_list(user=user)

    def create_service(self, *, user, data):
        return records.kind_save(user=user, data=data)

    def update_service(self, user, obj, data):
        return records.kind_save(user=user, data=data, kind=obj)


@extend_schema_view(
    list=extend_schema(summary="风险排查工作类别（八类工作）列表"),
    retrieve=extend_schema(summary="风险排查工作类别详情"),
    create=extend_schema(summary="新增风险排查工作类别（纪检负责人）"),
    update=extend_schema(summary="修改风险排查工作类别（纪检负责人）"),
    partial_update=extend_schema(summary="修改风险排查工作类别（纪检负责人）"),
)
class RiskCategoryViewSet(_NoDestroyViewSet):
    serializer_class = s.RiskCategorySerializer
    filterset_fields = ["is_active"]
    ordering_fields = ["order", "id", "name"]
    ordering = ["order", "id"]
    pagination_class = None

    def selector(self, user):
        return selectors.category_list(user=user)

    def create_service(self, *, user, data):
        return records.category_save(user=user, data=data)

    def update_service(self, user, obj, data):
        return records.category_save(user=user, data=data, category=obj)


@extend_schema_view(
    list=extend_schema(summary="工作记录列表"),
    retrieve=extend_schema(summary="工作记录详情"),
    create=extend_schema(summary="登记工作记录"),
    update=extend_schema(summary="修改工作记录"),
    partial_update=extend_schema(summary="修改工作记录"),
)
class ActivityViewSet(_NoDestroyViewSet):
    serializer_class = s.ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["date", "id", "quantity"]
    ordering = ["-date", "-id"]

    def selector(self, user):
        return selectors.activity_list(user=user)

    def create_service(self, *, user, data):
        return records.activity_create(user=user, data=data)

    def update_service(self, user, obj, data):
        return records.activity_update(user=user, activity=obj, data=data)

    @extend_schema(summary="归档工作记录", request=None, responses=s.ActivitySerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        activity = records.activity_archive(user=request.user, activity=self.get_object())
        return Response(self.get_serializer(activity).data)

    @extend_schema(
        summary="上传附件",
        request={"multipart/form-data": s.UploadSerializer},
        responses={201: s.ActivityAttachmentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        activity = self.get_object()
        upload = s.UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        attachment = records.attachment_add(user=request.user, activity=activity, upload=upload.validated_data["file"])
        return Response(s.ActivityAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载附件",
        responses={(200, SERVED_FILE_MEDIA_TYPE): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("attachment_pk", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_pk>\d+)/download",
        url_name="attachment-download",
        filter_backends=[],
    )
    def download(self, request, pk=None, attachment_pk=None):
        try:
            attachment = selectors.attachment_get(user=request.user, activity_pk=pk, pk=attachment_pk)
        except Exception:  # DoesNotExist or bad ids: the same 404 as an invisible record
            raise Http404 from None
        return serve_file(request, attachment.file, filename=attachment.name, target=f"工作记录附件#{attachment.pk}")


@extend_schema_view(
    list=extend_schema(summary="廉政风险点列表"),
    retrieve=extend_schema(summary="廉政风险点详情"),
    create=extend_schema(summary="登记廉政风险点"),
    update=extend_schema(summary="修改廉政风险点"),
    partial_update=extend_schema(summary="修改廉政风险点"),
)
class RiskPointViewSet(_NoDestroyViewSet):
    serializer_class = s.RiskPointSerializer
    filterset_class = RiskPointFilter
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def selector(self, user):
        return selectors.risk_point_list(user=user)

    def create_service(self, *, user, data):
        return records.risk_point_create(user=user, data=data)

    def update_service(self, user, obj, data):
        return records.risk_point_update(user=user, point=obj, data=data)

    @extend_schema(summary="归档廉政风险点", request=None, responses=s.RiskPointSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        point = records.risk_point_archive(user=request.user, point=self.get_object())
        return Response(self.get_serializer(point).data)
