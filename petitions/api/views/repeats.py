"""疑似重复件 of a petition over the API: list, 确认重复, 不是重复."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.scoping import get_visible_or_404, visible_to
from petitions.models import Petition
from petitions.repeats import selectors, services


class OriginalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    summary = serializers.SerializerMethodField()

    def get_summary(self, obj) -> str:
        return obj.summary[:80]


class RepeatSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original = OriginalSerializer()
    # Only the reasons the reader may read (a REPORTER reason needs both identities: selectors).
    reasons = serializers.ListField(child=serializers.CharField(), source="shown_reasons")
    reason_labels = serializers.ListField(child=serializers.CharField())
    similarity = serializers.FloatField(allow_null=True)
    state = serializers.CharField()


class RepeatDecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text="确认所依据的信访件版本")


def _petition(request, pk):
    return get_visible_or_404(visible_to(Petition, user=request.user), user=request.user, pk=pk)


class RepeatSuggestionListView(APIView):
    @extend_schema(summary="信访件的疑似重复件", responses={200: RepeatSuggestionSerializer(many=True)})
    def get(self, request, pk):
        petition = _petition(request, pk)
        items = selectors.suggestion_list(user=request.user, petition=petition)
        return Response(RepeatSuggestionSerializer(items, many=True).data)


class _Decide(APIView):
    service = None

    def post(self, request, pk, suggestion_pk):
        petition = _petition(request, pk)
        body = RepeatDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extra = dict(body.validated_data) if self.service is services.repeat_confirm else {}
        decided = self.service(user=request.user, petition=petition, suggestion=suggestion_pk, **extra)
        return Response({"id": decided.pk, "state": decided.state, "original": decided.original_id})


class RepeatConfirmView(_Decide):
    service = staticmethod(services.repeat_confirm)

    @extend_schema(summary="确认重复件", request=RepeatDecisionSerializer, responses={200: dict})
    def post(self, request, pk, suggestion_pk):
        return super().post(request, pk, suggestion_pk)


class RepeatDismissView(_Decide):
    service = staticmethod(services.repeat_dismiss)

    @extend_schema(summary="不是重复件", request=None, responses={200: dict})
    def post(self, request, pk, suggestion_pk):
        return super().post(request, pk, suggestion_pk)
