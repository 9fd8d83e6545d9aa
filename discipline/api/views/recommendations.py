"""/api/v1/recommendations/ — 纪检 staff draft and issue; the target office replies."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.idempotency import idempotent_create
from core.api.jobs import background_export
from core.api.views import ScopedQuerysetMixin
from core.concurrency import request_version
from core.files import SERVED_FILE_MEDIA_TYPE, serve_file
from discipline.api.serializers import recommendations as s
from discipline.api.views.common import ERRORS, XLSX_RESPONSE, LightContextMixin, xlsx_response
from discipline.exports import recommendation_ledger
from discipline.filters import RecommendationFilter
from discipline.jobs import RECOMMENDATION_EXPORT
from discipline.selectors.recommendations import (
    recommendation_for_update,
    recommendation_get,
    recommendation_light_context,
    recommendation_queryset,
    reply_file_get,
)
from discipline.services import recommendations as services


@extend_schema_view(
    list=extend_schema(summary="纪律检查建议书列表"),
    retrieve=extend_schema(
        summary="纪律检查建议书详情", responses={200: s.RecommendationDetailSerializer, 404: ERRORS[404]}
    ),
)
class RecommendationViewSet(
    LightContextMixin, ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    light_context_factory = staticmethod(recommendation_light_context)
    ordering_nulls_last = True  # core.api.filters.OrderingFilter: empty dates last
    filterset_class = RecommendationFilter
    ordering_fields = ["issued_on", "year", "seq", "reply_due_date", "replied_on", "status", "id"]
    ordering = ["-year", "-seq", "-id"]
    serializer_class = s.RecommendationListSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def selector(self, user):
        return recommendation_queryset(user=user)

    def get_serializer_class(self):
        return s.RecommendationListSerializer if self.action in ("list", "export") else s.RecommendationDetailSerializer

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        rec = recommendation_get(user=self.request.user, pk=pk)
        return Response(
            s.RecommendationDetailSerializer(rec, context=self.get_serializer_context()).data, status=status_code
        )

    def _input(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, context={"request": self.request}, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        summary="起草建议书（草稿无文号）",
        request=s.RecommendationWriteSerializer,
        responses={201: s.RecommendationDetailSerializer, **ERRORS},
    )
    def replay_created(self, pk):
        return self._detail(pk)

    @idempotent_create
    def create(self, request):
        rec = services.recommendation_create(user=request.user, data=self._input(s.RecommendationWriteSerializer))
        return self._detail(rec.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改草稿",
        request=s.RecommendationWriteSerializer,
        responses={200: s.RecommendationDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        rec = recommendation_for_update(user=request.user, pk=pk)
        data = self._input(s.RecommendationWriteSerializer, partial=True)
        version = request_version(request, data)
        services.recommendation_update(user=request.user, rec=rec, data=data, version=version)
        return self._detail(pk)

    @extend_schema(
        summary="制发（自动编号〔年〕N号，计算回复期限）",
        request=s.RecommendationIssueSerializer,
        responses={200: s.RecommendationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        rec = recommendation_for_update(user=request.user, pk=pk)
        services.recommendation_issue(user=request.user, rec=rec, **self._input(s.RecommendationIssueSerializer))
        return self._detail(pk)

    @extend_schema(
        summary="逐份设定回复期限",
        request=s.RecommendationReplyDueSerializer,
        responses={200: s.RecommendationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="reply-due", url_name="reply-due")
    def reply_due(self, request, pk=None):
        rec = recommendation_for_update(user=request.user, pk=pk)
        services.recommendation_set_reply_due(
            user=request.user, rec=rec, **self._input(s.RecommendationReplyDueSerializer)
        )
        return self._detail(pk)

    @extend_schema(
        summary="主送部门书面回复（可附文件，multipart 上传）",
        request={
            "multipart/form-data": s.RecommendationReplySerializer,
            "application/json": s.RecommendationReplySerializer,
        },
        responses={200: s.RecommendationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        rec = recommendation_for_update(user=request.user, pk=pk)
        services.recommendation_reply(user=request.user, rec=rec, **self._input(s.RecommendationReplySerializer))
        return self._detail(pk)

    @extend_schema(
        summary="办结",
        request=s.RecommendationCloseSerializer,
        responses={200: s.RecommendationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        rec = recommendation_for_update(user=request.user, pk=pk)
        services.recommendation_close(user=request.user, rec=rec, **self._input(s.RecommendationCloseSerializer))
        return self._detail(pk)

    @extend_schema(
        summary="下载回复附件（校验查看权限并记录）",
        responses={(200, SERVED_FILE_MEDIA_TYPE): OpenApiTypes.BINARY, 404: ERRORS[404]},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<file_pk>\d+)",
        url_name="reply-file",
        filter_backends=[],
        pagination_class=None,
    )
    def reply_file(self, request, pk=None, file_pk=None):
        reply_file = reply_file_get(user=request.user, recommendation_pk=pk, pk=file_pk)
        return serve_file(
            request,
            reply_file.file,
            filename=reply_file.original_name,
            target=f"建议书回复附件 {reply_file.recommendation_id}/{reply_file.pk}",
        )

    @extend_schema(summary="导出建议书台账（Excel，按当前筛选条件）", filters=True, responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        accepted = background_export(request, kind=RECOMMENDATION_EXPORT, queryset=queryset)
        if accepted is not None:
            return accepted
        content, rows = recommendation_ledger(queryset)
        return xlsx_response(
            request,
            content,
            filename=f"建议书台账-{timezone.localdate():%Y%m%d}.xlsx",
            target="建议书台账",
            rows=rows,
            filters=request.query_params,
        )
