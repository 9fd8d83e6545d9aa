"""/api/v1/clues/ — 纪检 staff only; each workflow step is a POST action on one clue."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.idempotency import idempotent_create
from core.api.jobs import background_export
from core.api.views import ScopedQuerysetMixin
from discipline.api.serializers import clues as s
from discipline.api.serializers.common import ClueStatisticsQuerySerializer
from discipline.api.views.common import ERRORS, XLSX_RESPONSE, LightContextMixin, xlsx_response
from discipline.exports import clue_ledger
from discipline.filters import ClueFilter
from discipline.jobs import CLUE_EXPORT
from discipline.selectors.clues import (
    clue_for_update,
    clue_get,
    clue_light_context,
    clue_queryset,
    clue_statistics,
    require_clue_reader,
)
from discipline.services import clues as services

WORKFLOW = {
    # action: (request serializer, service, summary)
    "assign": (s.ClueAssignSerializer, services.clue_assign, "分办（指定承办人）"),
    "propose": (s.ClueProposeSerializer, services.clue_propose, "提出拟办意见（四类处置方式之一，或移送审查调查）"),
    "discuss": (s.ClueDiscussSerializer, services.clue_discuss, "登记集体研究（参会人员逐人意见）"),
    "approve": (s.ClueNoteSerializer, services.clue_approve, "审批同意（纪检负责人）"),
    "return": (s.ClueRequiredNoteSerializer, services.clue_return, "审批退回（纪检负责人，须写明理由）"),
    "execute": (s.ClueExecuteSerializer, services.clue_execute, "执行处置（谈话函询须选择谈话或函询）"),
    "inquiry-reply": (s.ClueNoteSerializer, services.clue_record_inquiry_reply, "登记函询回复"),
    "review": (s.ClueRequiredNoteSerializer, services.clue_review, "暂存待查线索定期复查"),
    "conclude": (s.ClueConcludeSerializer, services.clue_conclude, "办结（办理结果与按人处理结果）"),
    "feedback": (s.ClueFeedbackSerializer, services.clue_feedback, "反馈（信访举报部门、实名举报人、巡察工作机构等）"),
}


def _service_kwargs(name, data):
    if name == "discuss":
        data["members"] = [(m["person"], m["opinion"]) for m in data["members"]]
    if name == "conclude":
        data["outcomes"] = [(o["person"], o["kind"], o.get("note", "")) for o in data.get("outcomes", [])]
    return data


def _workflow_schema(name):
    serializer, _, summary = WORKFLOW[name]
    return extend_schema(summary=summary, request=serializer, responses={200: s.ClueDetailSerializer, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="问题线索列表（仅纪检干部）", responses={200: s.ClueListSerializer, 403: ERRORS[403]}),
    retrieve=extend_schema(
        summary="问题线索详情（含签名的办理记录）", responses={200: s.ClueDetailSerializer, 404: ERRORS[404]}
    ),
)
class ClueViewSet(
    LightContextMixin, ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    light_context_factory = staticmethod(clue_light_context)
    ordering_nulls_last = True  # core.api.filters.OrderingFilter: empty dates last
    filterset_class = ClueFilter
    ordering_fields = ["received_date", "year", "seq", "due_date", "status", "concluded_on", "id"]
    ordering = ["-year", "-seq"]
    serializer_class = s.ClueListSerializer

    def selector(self, user):
        return clue_queryset(user=user)

    def get_serializer_class(self):
        return s.ClueListSerializer if self.action in ("list", "export") else s.ClueDetailSerializer

    def _detail(self, pk, *, status_code=status.HTTP_200_OK):
        clue = clue_get(user=self.request.user, pk=pk)
        return Response(s.ClueDetailSerializer(clue, context=self.get_serializer_context()).data, status=status_code)

    def list(self, request, *args, **kwargs):
        require_clue_reader(request.user)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        summary="登记问题线索（自动逐件编号）",
        request=s.ClueRegisterSerializer,
        responses={201: s.ClueDetailSerializer, **ERRORS},
    )
    def replay_created(self, pk):
        return self._detail(pk)

    @idempotent_create
    def create(self, request):
        require_clue_reader(request.user)
        serializer = s.ClueRegisterSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        clue = services.clue_register(user=request.user, **serializer.validated_data)
        return self._detail(clue.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="由信访件转为问题线索（检举控告；重复提交返回已转的线索）",
        request=s.ClueFromPetitionSerializer,
        responses={201: s.ClueDetailSerializer, 200: s.ClueDetailSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="from-petition")
    def from_petition(self, request):
        require_clue_reader(request.user)
        serializer = s.ClueFromPetitionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        clue, created = services.clue_from_petition(user=request.user, **serializer.validated_data)
        return self._detail(clue.pk, status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _workflow(self, request, pk, name):
        clue = clue_for_update(user=request.user, pk=pk)  # 404 before anything else
        serializer_class, service, _ = WORKFLOW[name]
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        service(user=request.user, clue=clue, **_service_kwargs(name, dict(serializer.validated_data)))
        return self._detail(pk)

    @_workflow_schema("assign")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._workflow(request, pk, "assign")

    @_workflow_schema("propose")
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        return self._workflow(request, pk, "propose")

    @_workflow_schema("discuss")
    @action(detail=True, methods=["post"])
    def discuss(self, request, pk=None):
        return self._workflow(request, pk, "discuss")

    @_workflow_schema("approve")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._workflow(request, pk, "approve")

    @_workflow_schema("return")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._workflow(request, pk, "return")

    @_workflow_schema("execute")
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        return self._workflow(request, pk, "execute")

    @_workflow_schema("inquiry-reply")
    @action(detail=True, methods=["post"], url_path="inquiry-reply", url_name="inquiry-reply")
    def inquiry_reply(self, request, pk=None):
        return self._workflow(request, pk, "inquiry-reply")

    @_workflow_schema("review")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._workflow(request, pk, "review")

    @_workflow_schema("conclude")
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._workflow(request, pk, "conclude")

    @_workflow_schema("feedback")
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        return self._workflow(request, pk, "feedback")

    @extend_schema(
        summary="问题线索统计（领导可查看，仅数字）",
        parameters=[OpenApiParameter("year", int, description="年度（不填为全部）")],
        responses={200: s.ClueStatisticsSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statistics(self, request):
        query = ClueStatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = clue_statistics(user=request.user, year=query.validated_data.get("year"))
        return Response(s.ClueStatisticsSerializer(data).data)

    @extend_schema(summary="导出线索台账（Excel，按当前筛选条件）", filters=True, responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        require_clue_reader(request.user)
        queryset = self.filter_queryset(self.get_queryset())
        accepted = background_export(request, kind=CLUE_EXPORT, queryset=queryset)
        if accepted is not None:
            return accepted
        content, rows = clue_ledger(queryset)
        return xlsx_response(
            request,
            content,
            filename=f"线索台账-{timezone.localdate():%Y%m%d}.xlsx",
            target="线索台账",
            rows=rows,
            filters=request.query_params,
        )
