from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ScopedQuerysetMixin
from core.scoping import visible_to
from deadlines.api.serializers import ComputeQuerySerializer, DeadlineRuleSerializer, DueSerializer
from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlineRule


@extend_schema_view(list=extend_schema(summary="期限规则列表"), retrieve=extend_schema(summary="期限规则详情"))
class DeadlineRuleViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DeadlineRuleSerializer
    lookup_field = "code"
    filterset_fields = ["unit", "event", "is_active"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def selector(self, user):
        return visible_to(DeadlineRule, user=user)

    @extend_schema(
        summary="按规则计算到期日",
        parameters=[OpenApiParameter("start", str, description="起算日期 YYYY-MM-DD", required=True)],
        responses=DueSerializer,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def compute(self, request, code=None):
        rule = self.get_object()
        query = ComputeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data["start"]
        due = WorkCalendar.load().add(start, rule.amount, rule.unit)
        return Response(
            DueSerializer(
                {
                    "rule": rule.code,
                    "start": start,
                    "due_date": due.date,
                    "warning": due.warning,
                    "legal_basis": rule.legal_basis,
                }
            ).data
        )
