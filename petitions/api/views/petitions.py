"""信访件 over the API: registration, the workflow steps, files, the identity and the ledger; 问题类别."""

from functools import cached_property

from django.http import Http404
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.idempotency import idempotent_create
from core.api.jobs import JobSerializer, job_accepted
from core.api.views import ScopedQuerysetMixin
from core.concurrency import request_version
from core.errors import ApplicationError, PermissionDeniedError
from core.scoping import get_visible_or_404
from petitions import exports, permissions, query_code, selectors, services
from petitions.api import serializers as s
from petitions.api.views.base import (
    DOWNLOAD_SCHEMA,
    AttachmentActions,
    LightsMixin,
    attachment_schema,
    petition_or_transfer,
    step_schema,
)
from petitions.filters import DEFAULT_ORDERING, PETITION_ORDERING, PetitionFilter
from petitions.identity import identity_basis, reveal_identity
from petitions.models import Petition


@extend_schema_view(
    list=extend_schema(
        summary="信访件列表",
        description="纪检干部、纪检负责人、领导看到完整列表（举报人只显示代号）；责任部门联络员只看到转办给本部门的转办件摘要。",
        responses=petition_or_transfer("PetitionListEntry", s.PetitionListSerializer, many=True),
    ),
    retrieve=extend_schema(
        summary="信访件详情", responses=petition_or_transfer("PetitionDetailEntry", s.PetitionDetailSerializer)
    ),
    create=extend_schema(
        summary="登记信访件", request=s.PetitionCreateSerializer, responses={201: s.PetitionDetailSerializer}
    ),
    partial_update=extend_schema(
        summary="修改登记信息（须填写修改理由，记入修改历史）",
        request=s.PetitionUpdateSerializer,
        responses=s.PetitionDetailSerializer,
    ),
)
class PetitionViewSet(
    LightsMixin,
    AttachmentActions,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = PetitionFilter
    ordering_fields = PETITION_ORDERING
    ordering = DEFAULT_ORDERING
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @cached_property
    def office(self):
        return permissions.sees_office_projection(self.request.user)

    def selector(self, user):
        return selectors.transferred_list(user=user) if self.office else selectors.petition_list(user=user)

    def get_serializer_class(self):
        if self.office:
            return s.TransferredPetitionSerializer
        return s.PetitionDetailSerializer if self.action == "retrieve" else s.PetitionListSerializer

    def get_object(self):
        if self.action == "retrieve" and not self.office:
            return selectors.petition_get(user=self.request.user, pk=self.kwargs["pk"])
        return get_visible_or_404(self.get_queryset(), user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, petition, code=status.HTTP_200_OK):
        context = self.get_serializer_context()
        if self.office:
            petition = get_visible_or_404(
                selectors.transferred_list(user=self.request.user), user=self.request.user, pk=petition.pk
            )
            return Response(s.TransferredPetitionSerializer(petition, context=context).data, status=code)
        petition = selectors.petition_get(user=self.request.user, pk=petition.pk)
        return Response(s.PetitionDetailSerializer(petition, context=context).data, status=code)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def replay_created(self, pk):
        return self._detail(Petition(pk=pk))

    @idempotent_create
    def create(self, request, *args, **kwargs):
        data = self._input(s.PetitionCreateSerializer)
        informant = data.pop("informant", None)
        identity = services.Identity(**informant) if informant else None
        petition, code = query_code.petition_register_with_code(user=request.user, informant=identity, **data)
        response = self._detail(petition, status.HTTP_201_CREATED)
        if code:  # shown this once; afterwards only on the printed 受理告知书
            response.data["query_code"] = code
            response["Cache-Control"] = "no-store"
        return response

    def partial_update(self, request, *args, **kwargs):
        petition = self.get_object()
        serializer = s.PetitionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = request_version(request, data)
        petition = services.petition_update(user=request.user, petition=petition, version=version, **data)
        return self._detail(petition)

    # -- workflow ------------------------------------------------------------------------------
    @step_schema("更正登记信息（须填写更正理由，记入修改历史）", s.CorrectionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        petition = self.get_object()
        data = self._input(s.CorrectionSerializer)
        version = request_version(request, data)
        petition = services.petition_correct(user=request.user, petition=petition, version=version, **data)
        return self._detail(petition)

    @step_schema("受理", s.StepSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = self._input(s.StepSerializer)
        return self._detail(services.petition_accept(user=request.user, petition=self.get_object(), **data))

    @step_schema("不予受理", s.RejectSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = self._input(s.RejectSerializer)
        return self._detail(services.petition_reject(user=request.user, petition=self.get_object(), **data))

    @step_schema("提出异议（转送、交办件不属本单位职权范围，信访工作条例第二十三条）", s.ObjectionSerializer)
    @action(detail=True, methods=["post"], url_path="object")
    def object_to(self, request, pk=None):
        data = self._input(s.ObjectionSerializer)
        return self._detail(services.petition_object(user=request.user, petition=self.get_object(), **data))

    @step_schema("收到复查、复核请求（信访工作条例第三十五、三十六条）", s.ReviewRequestSerializer)
    @action(detail=True, methods=["post"], url_path="review-request")
    def review_request(self, request, pk=None):
        data = self._input(s.ReviewRequestSerializer)
        return self._detail(services.petition_review_request(user=request.user, petition=self.get_object(), **data))

    @step_schema("复查、复核意见", s.ReviewAnswerSerializer)
    @action(detail=True, methods=["post"], url_path="review-answer")
    def review_answer(self, request, pk=None):
        data = self._input(s.ReviewAnswerSerializer)
        return self._detail(services.petition_review_answer(user=request.user, petition=self.get_object(), **data))

    @step_schema("报送上级（只记录事实和时间，清除已录入的内容）", s.EscalateSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        data = self._input(s.EscalateSerializer)
        return self._detail(services.petition_escalate(user=request.user, petition=self.get_object(), **data))

    @step_schema("转办给责任部门", s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        data = self._input(s.TransferSerializer)
        return self._detail(services.petition_transfer(user=request.user, petition=self.get_object(), **data))

    @step_schema("直接办理", s.StepSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        data = self._input(s.StepSerializer)
        return self._detail(services.petition_handle(user=request.user, petition=self.get_object(), **data))

    @step_schema("办结", s.ConcludeSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        data = self._input(s.ConcludeSerializer)
        return self._detail(services.petition_conclude(user=request.user, petition=self.get_object(), **data))

    @step_schema("告知受理情况", s.ContactSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        data = self._input(s.ContactSerializer)
        return self._detail(services.petition_notify(user=request.user, petition=self.get_object(), **data))

    @step_schema("反馈处理结果", s.FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        data = self._input(s.FeedbackSerializer)
        return self._detail(services.petition_feedback(user=request.user, petition=self.get_object(), **data))

    @extend_schema(
        summary="申请延长办结期限", request=s.ExtensionRequestSerializer, responses={201: s.ExtensionSerializer}
    )
    @action(detail=True, methods=["post"])
    def extensions(self, request, pk=None):
        data = self._input(s.ExtensionRequestSerializer)
        extension = services.extension_request(user=request.user, petition=self.get_object(), **data)
        return Response(s.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    # -- files ---------------------------------------------------------------------------------
    @attachment_schema("附件列表", "上传原件材料")
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def attachments(self, request, pk=None):
        return self._attachments(request, self.get_object())

    @extend_schema(**DOWNLOAD_SCHEMA)
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>[0-9]+)", filter_backends=[])
    def download(self, request, pk=None, attachment_id=None):
        return self._download(request, self.get_object(), attachment_id)

    # -- identity ------------------------------------------------------------------------------
    @extend_schema(
        summary="查看举报人身份",
        description="只有受理登记人、持有专项授权者或经批准的申请人可以查看；每次查看都会记录。",
        responses={200: s.IdentitySerializer, 403: OpenApiResponse(description="没有授权"), 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def identity(self, request, pk=None):
        if self.office:
            # An office reads 转办件 only through the projection: whether a petition is named or
            # anonymous must not show, so it hears what a missing petition answers.
            raise Http404
        petition = get_visible_or_404(selectors.petition_list(user=request.user), user=request.user, pk=pk)
        if petition.informant_id is None:
            raise ApplicationError("该信访件为匿名件，没有举报人身份信息", code="anonymous", status=404)
        basis = identity_basis(request.user, petition)
        identity = reveal_identity(user=request.user, petition=petition, request=request)
        data = {"petition": petition.pk, "informant_code": petition.informant.code, **identity.as_dict()}
        response = Response(s.IdentitySerializer({**data, "basis": basis[0] if basis else ""}).data)
        response["Cache-Control"] = "no-store"
        return response

    # -- ledger --------------------------------------------------------------------------------
    @extend_schema(
        summary="导出信访台账（Excel）",
        description=(
            "按当前筛选条件导出；不含举报人身份；责任部门联络员不能导出。多于 EXPORT_BACKGROUND_ROWS 条时转入后台任务，"
            "返回 202 和任务。"
        ),
        responses={(200, exports.XLSX): OpenApiTypes.BINARY, 202: JobSerializer},
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        if not permissions.can_export(request.user):
            raise PermissionDeniedError("您没有导出信访台账的权限")
        query = request.GET.urlencode()
        try:
            queryset = exports.ledger_queryset(user=request.user, query=query)
        except exports.LedgerQueryInvalid as exc:
            raise translate_validation(exc.errors) from None
        job = exports.ledger_job(user=request.user, queryset=queryset, query=query)
        if job is not None:
            return job_accepted(job)
        return exports.ledger_response(request, queryset)


@extend_schema_view(list=extend_schema(summary="问题类别列表"), retrieve=extend_schema(summary="问题类别详情"))
class CategoryViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CategorySerializer
    filterset_fields = ["is_active", "is_service"]
    ordering_fields = ["order", "name", "id"]
    ordering = ["order", "id"]

    def selector(self, user):
        return selectors.category_list(user=user)
