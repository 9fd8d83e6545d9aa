"""延期 and identity-request decisions, and the identity view log, over the API."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ScopedQuerysetMixin
from core.errors import PermissionDeniedError
from petitions import permissions, selectors, services
from petitions.api import serializers as s
from petitions.api.views.base import step_schema
from petitions.filters import AccessRequestFilter, ExtensionFilter, IdentityViewFilter


class _DecisionActions:
    decide_approve = None
    decide_refuse = None
    object_kwarg = None
    output = None
    decision_input = s.DecisionSerializer

    def _decide(self, request, service):
        serializer = self.decision_input(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = service(user=request.user, **{self.object_kwarg: self.get_object()}, **serializer.validated_data)
        return Response(self.output(obj).data)


@extend_schema_view(list=extend_schema(summary="延期申请列表"), retrieve=extend_schema(summary="延期申请详情"))
class ExtensionViewSet(_DecisionActions, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ExtensionSerializer
    filterset_class = ExtensionFilter
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]
    object_kwarg = "extension"
    output = s.ExtensionSerializer
    decision_input = s.ExtensionDecisionSerializer

    def selector(self, user):
        return selectors.extension_list(user=user)

    @step_schema("批准延期", s.ExtensionDecisionSerializer, s.ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.extension_approve)

    @step_schema("不予批准延期", s.ExtensionDecisionSerializer, s.ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, services.extension_refuse)


@extend_schema_view(
    list=extend_schema(summary="查看举报人身份申请列表"),
    retrieve=extend_schema(summary="查看举报人身份申请详情"),
    create=extend_schema(
        summary="申请查看举报人身份",
        request=s.AccessRequestCreateSerializer,
        responses={201: s.AccessRequestSerializer},
    ),
)
class IdentityRequestViewSet(
    _DecisionActions,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.AccessRequestSerializer
    filterset_class = AccessRequestFilter
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]
    object_kwarg = "access_request"
    output = s.AccessRequestSerializer

    def selector(self, user):
        return selectors.identity_request_list(user=user)

    def create(self, request, *args, **kwargs):
        # Refused before the petition is looked at, and the petition is looked up among the
        # visible ones only: a hidden petition answers like a missing one (the same 400).
        if not permissions.can_process(request.user):
            raise PermissionDeniedError("只有纪检干部可以申请查看举报人身份")
        serializer = s.AccessRequestCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        access_request = services.identity_request_create(user=request.user, **serializer.validated_data)
        return Response(s.AccessRequestSerializer(access_request).data, status=status.HTTP_201_CREATED)

    @step_schema("批准查看申请", s.DecisionSerializer, s.AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.identity_request_approve)

    @step_schema("不予批准查看申请", s.DecisionSerializer, s.AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, services.identity_request_refuse)


@extend_schema_view(list=extend_schema(summary="举报人身份查看记录"), retrieve=extend_schema(summary="查看记录详情"))
class IdentityViewLogViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.IdentityViewSerializer
    filterset_class = IdentityViewFilter
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]

    def selector(self, user):
        return selectors.identity_view_list(user=user)
