"""The round documents (整改方案, 整改情况报告, 主要负责人报告, 整改公开) over the API.

The same rules as the pages: 纪检干部 and 纪检负责人 generate and edit, 领导 read; anyone else
gets 404 (offices and the system administrator never see the unit's reports).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rectification import selectors as rect_selectors
from rectification.documents import selectors as doc_selectors
from rectification.documents import services as doc_services
from rectification.documents.permissions import can_read
from reports.docx.rounds import round_document_docx
from reports.downloads import DOCX, file_response
from reports.rounds.drill import figure_records
from reports.rounds.render import render_document


class FigureOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    model = serializers.CharField(required=False, allow_null=True)
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class VersionOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    round = serializers.IntegerField(source="round_id")
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    version = serializers.IntegerField()
    document_date = serializers.DateField()
    generated_at = serializers.DateTimeField()


class VersionDetailOut(VersionOut):
    title = serializers.SerializerMethodField()
    narrative = serializers.DictField(child=serializers.CharField())
    figures = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    def get_title(self, obj) -> str:
        return obj.frame.get("title", "")

    @extend_schema_field(FigureOut(many=True))
    def get_figures(self, obj) -> list:
        return [{"code": code, **f} for code, f in obj.figures.items()]

    def get_text(self, obj) -> str:
        return render_document(obj).plain_text()


class KindOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    versions = VersionOut(many=True)


class NarrativeIO(serializers.Serializer):
    texts = serializers.DictField(child=serializers.CharField(allow_blank=True))


class GenerateIn(serializers.Serializer):
    document_date = serializers.DateField(required=False)


def _reader(request):
    if not can_read(request.user):
        raise Http404


def _round(request, pk):
    _reader(request)
    return rect_selectors.round_get(user=request.user, pk=pk)


def _kind(value):
    return doc_services.parse_kind(value)


class RoundDocumentListView(APIView):
    @extend_schema(summary="巡察轮次的整改文书及其版本", responses=KindOut(many=True))
    def get(self, request, pk):
        rnd = _round(request, pk)
        return Response(KindOut(doc_selectors.documents_by_kind(user=request.user, rnd=rnd), many=True).data)


class RoundDocumentGenerateView(APIView):
    @extend_schema(
        summary="依据实时整改台账生成整改文书新版本（纪检干部、纪检负责人）",
        request=GenerateIn,
        responses={201: VersionDetailOut},
    )
    def post(self, request, pk, kind):
        rnd = _round(request, pk)
        data = GenerateIn(data=request.data)
        data.is_valid(raise_exception=True)
        doc = doc_services.document_generate(
            user=request.user, rnd=rnd, kind=_kind(kind), document_date=data.validated_data.get("document_date")
        )
        return Response(VersionDetailOut(doc).data, status=status.HTTP_201_CREATED)


class RoundNarrativeView(APIView):
    @extend_schema(summary="整改文书文稿（未修改时为默认文稿）", responses=NarrativeIO)
    def get(self, request, pk, kind):
        rnd = _round(request, pk)
        return Response({"texts": doc_services.effective_texts(rnd, _kind(kind))})

    @extend_schema(summary="保存整改文书文稿（纪检干部、纪检负责人）", request=NarrativeIO, responses=NarrativeIO)
    def put(self, request, pk, kind):
        rnd = _round(request, pk)
        kind = _kind(kind)
        data = NarrativeIO(data=request.data)
        data.is_valid(raise_exception=True)
        doc_services.narrative_save(user=request.user, rnd=rnd, kind=kind, data=data.validated_data["texts"])
        return Response({"texts": doc_services.effective_texts(rnd, kind)})


class RoundDocumentDetailView(APIView):
    @extend_schema(summary="整改文书的一个版本：数字及其依据、全文", responses=VersionDetailOut)
    def get(self, request, pk):
        _reader(request)
        return Response(VersionDetailOut(doc_selectors.document_get(user=request.user, pk=pk)).data)


class RoundDocumentDocxView(APIView):
    @extend_schema(
        summary="下载整改文书（Word，GB/T 9704）",
        responses={(200, DOCX): OpenApiTypes.BINARY, 404: OpenApiResponse(description="无此文书或无权查看")},
    )
    def get(self, request, pk):
        _reader(request)
        doc = doc_selectors.document_get(user=request.user, pk=pk)
        name = f"{doc.round.name}-{doc.get_kind_display()}（第{doc.version}版）.docx"
        content = round_document_docx(render_document(doc))
        return file_response(request, content, filename=name, content_type=DOCX, target=str(doc))


class RoundDocumentFigureView(APIView):
    @extend_schema(summary="整改文书中某个数字统计的记录（您有权查看的部分）", responses=OpenApiTypes.OBJECT)
    def get(self, request, pk, code):
        _reader(request)
        doc = doc_selectors.document_get(user=request.user, pk=pk)
        figure = doc.figures.get(code)
        if not figure or not figure.get("model"):
            raise Http404
        result = figure_records(user=request.user, figure=figure)
        rows = [dict(zip(result.columns.headers, result.columns.row(o), strict=True)) for o in result.queryset]
        return Response({"label": figure["label"], "counted": result.counted, "visible": len(rows), "records": rows})
