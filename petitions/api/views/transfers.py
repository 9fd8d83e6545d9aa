"""转办件 over the API: the office projection, its 办结反馈 and reply material."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.views import ScopedQuerysetMixin
from core.scoping import get_visible_or_404
from petitions import selectors, services
from petitions.api import serializers as s
from petitions.api.views.base import DOWNLOAD_SCHEMA, AttachmentActions, LightsMixin, attachment_schema, step_schema
from petitions.filters import TransferFilter
from petitions.models import PetitionAttachment


@extend_schema_view(
    list=extend_schema(
        summary="转办件列表（责任部门视图）", description="只有转办摘要、回复期限和办理情况，不含反映内容和举报人。"
    ),
    retrieve=extend_schema(summary="转办件详情（责任部门视图）"),
)
class TransferViewSet(LightsMixin, AttachmentActions, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TransferredPetitionSerializer
    filterset_class = TransferFilter
    ordering_fields = ["transfer_due", "transferred_at", "id"]
    ordering = ["-transferred_at", "-id"]
    upload_purpose = PetitionAttachment.Purpose.REPLY
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def selector(self, user):
        return selectors.transferred_list(user=user)

    def _fresh(self, petition):
        petition = get_visible_or_404(
            selectors.transferred_list(user=self.request.user), user=self.request.user, pk=petition.pk
        )
        return Response(self.get_serializer(petition).data)

    @step_schema("部门反馈办理情况（办结反馈）", s.ReplySerializer, s.TransferredPetitionSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        serializer = s.ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        petition = services.petition_reply(user=request.user, petition=self.get_object(), **serializer.validated_data)
        return self._fresh(petition)

    @attachment_schema("办理材料列表", "上传办理材料")
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def attachments(self, request, pk=None):
        return self._attachments(request, self.get_object())

    @extend_schema(**DOWNLOAD_SCHEMA)
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>[0-9]+)", filter_backends=[])
    def download(self, request, pk=None, attachment_id=None):
        return self._download(request, self.get_object(), attachment_id)
