"""导入12345工单 over the API: POST an export (checked by default, ``dry_run=false`` imports), then GET
the import's state while the worker runs it. Anybody but 纪检 staff gets 404, as for a missing one."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.errors import ApplicationError
from core.files import size_error
from core.scoping import visible_to
from petitions import permissions
from petitions.api.serializers.hotline import HotlineImportSerializer, HotlineUploadSerializer
from petitions.hotline.runs import import_start
from petitions.models import HotlineImport, HotlineSource

ERROR = OpenApiResponse(description="错误：{code, message, detail}")


class HotlineImportViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = HotlineImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return visible_to(HotlineImport, user=self.request.user).select_related("source")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.can_register(request.user):
            raise Http404  # a work-order export holds reporters' identities: not even its existence

    @extend_schema(
        summary="上传12345工单导出文件",
        description=(
            "multipart：source（来源 id）、file（.xlsx 或 .csv，UTF-8 或 GBK）、dry_run（默认 true，只检查计数）。"
            "返回 202 和导入记录；由后台处理，GET /api/v1/hotline-imports/{id}/ 查看进度（done_rows/total_rows）、"
            "计数（new/updated/unchanged/refused）、有问题的行（errors：工作表、行、列、原因）和未对应的取值（unmapped）。"
            "有任何问题时不导入任何内容。只有纪检干部、纪检负责人可用，其他人 404。"
        ),
        request={"multipart/form-data": HotlineUploadSerializer},
        responses={202: HotlineImportSerializer, 400: ERROR, 404: ERROR},
    )
    def create(self, request):
        sources = visible_to(HotlineSource, user=request.user).filter(is_active=True)
        payload = HotlineUploadSerializer(data=request.data, sources=sources)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        too_large = size_error(upload)
        if too_large:
            raise ApplicationError(f"文件{too_large}", code="file_too_large", detail={"file": [f"文件{too_large}"]})
        imp = import_start(
            user=request.user,
            source=payload.validated_data["source"],
            upload=upload,
            dry_run=payload.validated_data["dry_run"],
        )
        return Response(HotlineImportSerializer(imp).data, status=status.HTTP_202_ACCEPTED)
