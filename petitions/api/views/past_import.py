"""往年信访件导入 over the API: one multipart upload, checked (``dry_run``) or imported, all or nothing."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import PermissionDeniedError
from core.files import require_xlsx_upload
from petitions import permissions
from petitions.api.serializers.past_import import PastImportSerializer, PastImportSummarySerializer
from petitions.past_import import import_past_petitions

ERROR = OpenApiResponse(description="错误：{code, message, detail}")


class PastImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="导入往年信访件（信访台账 .xlsx）",
        description=(
            "文件为导出的信访台账格式（按表头识别各列，顺序不限；期限、亮灯、序号、举报人代号等列不读取），可另加"
            "处理方式、被处理人、被处理部门、举报人姓名、联系电话等列。每行一件：按收到日期登记，按各自日期补录受理、"
            "转办、部门反馈、办结、告知、反馈、报送上级、不予受理。保留文件中的编号；编号和收到日期都与系统中已有的"
            "信访件相同的行视为已导入，跳过（existing）。dry_run=true 时只检查不导入。有任何问题时返回 400，"
            "detail.errors 逐条列出工作表、行、列、值和原因，且不导入任何内容。只有纪检干部、纪检负责人可以导入。"
        ),
        request={"multipart/form-data": PastImportSerializer},
        responses={200: PastImportSummarySerializer, 400: ERROR, 403: ERROR},
    )
    def post(self, request):
        if not permissions.can_register(request.user):
            raise PermissionDeniedError("只有纪检干部、纪检负责人可以导入往年信访件")
        payload = PastImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        require_xlsx_upload(upload)
        summary = import_past_petitions(
            source=upload, user=request.user, dry_run=payload.validated_data["dry_run"], request=request
        )
        return Response(PastImportSummarySerializer(summary.as_dict()).data)
