"""Single documents as Word files (GB/T 9704): a 纪律检查建议书, a 转办单."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from core.errors import InvalidTransitionError
from core.scoping import get_visible_or_404
from reports import documents
from reports.downloads import DOCX, file_response


class RecommendationDocxView(APIView):
    @extend_schema(
        summary="下载纪律检查建议书（Word，GB/T 9704）",
        responses={(200, DOCX): OpenApiTypes.BINARY, 404: OpenApiResponse(description="无此建议书或无权查看")},
    )
    def get(self, request, pk):
        from discipline.models import Recommendation

        rec = get_visible_or_404(Recommendation.objects.select_related("target_department"), user=request.user, pk=pk)
        content, name = documents.recommendation_file(rec)
        return file_response(request, content, filename=name, content_type=DOCX, target=f"建议书{rec.number or rec.pk}")


class TransferSlipDocxView(APIView):
    @extend_schema(
        summary="下载信访件转办单（Word，GB/T 9704；不含信访举报人信息）",
        responses={
            (200, DOCX): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="无此信访件或无权查看"),
            409: OpenApiResponse(description="该信访件尚未转办"),
        },
    )
    def get(self, request, pk):
        from petitions.models import Petition

        petition = get_visible_or_404(
            Petition.objects.select_related("transfer_department", "category", "subject_department"),
            user=request.user,
            pk=pk,
        )
        if petition.transfer_department_id is None:
            raise InvalidTransitionError("该信访件尚未转办，没有转办单")
        content, name = documents.transfer_file(petition)
        return file_response(request, content, filename=name, content_type=DOCX, target=f"转办单{petition.number}")
