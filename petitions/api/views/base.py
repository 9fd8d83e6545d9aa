"""What the petition viewsets share: lights and deadline rows in the context, file actions, schema helpers."""

from functools import cached_property

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.files import SERVED_FILE_MEDIA_TYPE, serve_file
from core.scoping import get_visible_or_404
from petitions import selectors, services
from petitions.api import serializers as s
from petitions.deadlines import active_rules, deadline_rows
from petitions.file_crypto import stream_decrypted
from petitions.lights import LightContext
from petitions.models import PetitionAttachment


class LightsMixin:
    @cached_property
    def lights(self):
        return LightContext()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["lights"] = self.lights
        rules = {}

        def rows(petition):
            if not rules:
                rules.update(active_rules())
            return deadline_rows(petition, rules)

        context["deadline_rows"] = rows
        return context


class AttachmentActions:
    """List, upload and download a petition's files, always through the attachment visibility."""

    upload_purpose = PetitionAttachment.Purpose.ORIGINAL

    def _attachments(self, request, petition):
        if request.method == "POST":
            upload = s.AttachmentUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            attachment = services.attachment_add(
                user=request.user, petition=petition, upload=upload.validated_data["file"], purpose=self.upload_purpose
            )
            return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        items = selectors.attachment_list(user=request.user, petition=petition)
        return Response(s.AttachmentSerializer(items, many=True).data)

    def _download(self, request, petition, attachment_id):
        attachment = get_visible_or_404(
            selectors.attachment_list(user=request.user, petition=petition), user=request.user, pk=attachment_id
        )
        return serve_file(
            request,
            attachment.file,
            filename=attachment.original_name,
            target=f"信访件 {petition.number} 附件",
            reader=stream_decrypted,
        )


def attachment_schema(list_summary, upload_summary):
    """GET lists every visible file at once (no pages); POST uploads one and answers 201."""

    def decorate(view):
        view = extend_schema(
            summary=upload_summary,
            methods=["POST"],
            request={"multipart/form-data": s.AttachmentUploadSerializer},
            responses={201: s.AttachmentSerializer},
        )(view)
        return extend_schema(
            summary=list_summary, methods=["GET"], request=None, responses={200: s.AttachmentSerializer(many=True)}
        )(view)

    return decorate


DOWNLOAD_SCHEMA = {
    "summary": "下载附件（记录安全日志）",
    "responses": {(200, SERVED_FILE_MEDIA_TYPE): OpenApiTypes.BINARY},
}


def petition_or_transfer(name, staff_serializer, many=False):
    """What a read answers: the petition, or for an office its 转办件 projection only."""
    return PolymorphicProxySerializer(
        component_name=name,
        serializers=[staff_serializer, s.TransferredPetitionSerializer],
        resource_type_field_name=None,
        many=many,
    )


def step_schema(summary, request_serializer=None, response=s.PetitionDetailSerializer):
    return extend_schema(summary=summary, request=request_serializer, responses={200: response})
