"""The annual report: unit profile, metrics, narratives, the live preview, versions and their records."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import ScopedQuerysetMixin
from core.scoping import get_visible_or_404
from reports import selectors
from reports.api import serializers as s
from reports.api.filters import ReportFilter
from reports.downloads import DOCX, XLSX, docx_response, xlsx_response
from reports.drill import frozen_records, live_records
from reports.metrics import metrics, record_counts
from reports.models import ReportProfile
from reports.permissions import can_read
from reports.services import reports as report_services


def _profile_data(profile):
    from organization.models import UnitProfile

    unit = UnitProfile.load()
    data = {name: getattr(profile, name) for name in report_services.PROFILE_FIELDS}
    return {
        **data,
        "unit_name": unit.name,
        "party_group_name": unit.party_group_name,
        "superior_body": unit.superior_body,
    }


class ReportProfileView(APIView):
    @extend_schema(summary="报告用单位信息", responses=s.ReportProfileSerializer)
    def get(self, request):
        profile = get_visible_or_404(ReportProfile, user=request.user, pk=ReportProfile.load().pk)
        return Response(s.ReportProfileSerializer(_profile_data(profile)).data)

    @extend_schema(
        summary="修改报告用单位信息（纪检负责人）",
        request=s.ReportProfileSerializer,
        responses=s.ReportProfileSerializer,
    )
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(
        summary="修改报告用单位信息（纪检负责人）",
        request=s.ReportProfileSerializer,
        responses=s.ReportProfileSerializer,
    )
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, *, partial):
        get_visible_or_404(ReportProfile, user=request.user, pk=ReportProfile.load().pk)
        serializer = s.ReportProfileSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        profile = report_services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(s.ReportProfileSerializer(_profile_data(profile)).data)


def _require_reader(user):
    if not can_read(user):
        raise Http404


class MetricListView(APIView):
    @extend_schema(summary="年度报告指标目录（文稿中以 {{代码}} 引用）", responses=s.MetricSerializer(many=True))
    def get(self, request):
        _require_reader(request.user)
        data = [
            {
                "code": m.code,
                "label": m.label,
                "unit": m.unit,
                "description": m.description,
                "extra": m.extra,
                "traceable": m.drill is not None,
            }
            for m in metrics().values()
        ]
        return Response(s.MetricSerializer(data, many=True).data)


class NarrativeView(APIView):
    @extend_schema(summary="某年度报告文稿（未修改时为默认文稿）及撰写提示", responses=s.NarrativeDetailSerializer)
    def get(self, request, year):
        _require_reader(request.user)
        year = report_services.validate_year(year)
        narrative = selectors.effective_narrative(year)
        view = selectors.report_preview(year, narrative=narrative)
        data = {**narrative, "year": year, "hints": view.hints}
        return Response(s.NarrativeDetailSerializer(data).data)

    @extend_schema(
        summary="保存某年度报告文稿（纪检负责人）", request=s.NarrativeSerializer, responses=s.NarrativeSerializer
    )
    def put(self, request, year):
        _require_reader(request.user)
        serializer = s.NarrativeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = report_services.narrative_save(user=request.user, year=year, data=serializer.validated_data)
        data = {**selectors.effective_narrative(row.year), "year": row.year}
        return Response(s.NarrativeSerializer(data).data)


class PreviewView(APIView):
    @extend_schema(
        summary="按当前数据预览某年度报告（不保存）",
        parameters=[OpenApiParameter("year", int, required=True, description="年度")],
        responses=s.FigureSerializer(many=True),
    )
    def get(self, request):
        _require_reader(request.user)
        query = s.PreviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = report_services.validate_year(query.validated_data["year"])
        figures = selectors.report_figures(year)
        data = selectors.figure_rows(figures, record_counts(year, figures))
        return Response(s.FigureSerializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="年度报告版本列表"),
    retrieve=extend_schema(summary="年度报告版本详情（数字、文稿、全文）"),
)
class ReportViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = ReportFilter
    ordering_fields = ["year", "version", "generated_at"]
    ordering = ["-year", "-version"]

    def selector(self, user):
        qs = selectors.report_list(user=user)
        return qs.defer("figures", "tables") if self.action == "list" else qs

    def get_serializer_class(self):
        return s.ReportListSerializer if self.action == "list" else s.ReportDetailSerializer

    @extend_schema(
        summary="生成新版本（纪检干部、纪检负责人）",
        request=s.GenerateSerializer,
        responses={201: s.ReportDetailSerializer},
    )
    def create(self, request):
        serializer = s.GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = report_services.report_generate(user=request.user, **serializer.validated_data)
        return Response(s.ReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改草稿文稿（纪检负责人）", request=s.ReportTextSerializer, responses=s.ReportDetailSerializer
    )
    def partial_update(self, request, pk=None):
        report = self.get_object()
        serializer = s.ReportTextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = report_services.report_update_text(user=request.user, report=report, data=serializer.validated_data)
        return Response(s.ReportDetailSerializer(report).data)

    @extend_schema(summary="定稿（纪检负责人）", request=None, responses=s.ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        report = report_services.report_publish(user=request.user, report=self.get_object())
        return Response(s.ReportDetailSerializer(report).data)

    @extend_schema(summary="下载报告（Word）", responses={(200, DOCX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[])
    def docx(self, request, pk=None):
        return docx_response(request, self.get_object())

    @extend_schema(summary="下载统计附表（Excel）", responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[])
    def xlsx(self, request, pk=None):
        return xlsx_response(request, self.get_object())

    @extend_schema(
        summary="某个数字统计的记录",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="指标代码")],
        responses={200: s.RecordPageSerializer, 404: OpenApiResponse(description="无此指标或无记录清单")},
    )
    @action(detail=True, methods=["get"], url_path=r"figures/(?P<code>[a-z0-9_]+)", filter_backends=[])
    def figure_records(self, request, pk=None, code=None):
        report = self.get_object()
        figure = report.figures.get(code)
        result = frozen_records(user=request.user, figure=figure) if figure else None
        if result is None:
            raise Http404
        return Response(_record_page(code, figure["label"], result, ids=figure.get("ids") or []))


def _record_page(code, label, result, *, ids):
    rows = [[str(c) for c in result.columns.row(obj)] for obj in result.queryset[:RECORD_PAGE_MAX]]
    return {
        "code": code,
        "label": label,
        "model": result.model_label,
        "counted": result.counted,
        "visible": result.queryset.count(),
        "ids": ids,
        "headers": result.columns.headers,
        "rows": rows,
    }


RECORD_PAGE_MAX = 1000


class LiveRecordsView(APIView):
    @extend_schema(
        summary="按当前数据，某年度某个数字统计的记录",
        parameters=[
            OpenApiParameter("year", int, OpenApiParameter.PATH),
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="指标代码"),
        ],
        responses={200: s.RecordPageSerializer, 404: OpenApiResponse(description="无此指标或无记录清单")},
    )
    def get(self, request, year, code):
        _require_reader(request.user)
        year = report_services.validate_year(year)
        figure = selectors.report_figures(year).get(code)
        if figure is None:
            raise Http404
        result = live_records(user=request.user, code=code, year=year, params=figure.params)
        if result is None:
            raise Http404
        ids = list(result.queryset.values_list("pk", flat=True)[:RECORD_PAGE_MAX])
        return Response(_record_page(code, figure.label, result, ids=ids))
