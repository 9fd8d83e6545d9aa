"""查询码 over the API: issue (or re-issue) a petition's code, look a code up, and read the lookup log.

纪检 staff only: everyone else is refused with 403 before anything is read or logged (a petition
the caller may not see answers 404, as everywhere)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import ScopedQuerysetMixin
from core.audit import client_ip
from core.errors import require
from core.scoping import visible_to
from petitions import permissions, query_code
from petitions.models import QueryCodeLookup

STAFF_ONLY = "只有纪检干部可以使用查询码"


class LookupInputSerializer(serializers.Serializer):
    code = serializers.CharField(label="查询码", max_length=40, help_text="不区分大小写，可含空格和短横线")


AnswerSerializer = inline_serializer(
    "QueryCodeAnswer",
    {
        "found": serializers.BooleanField(),
        "message": serializers.CharField(allow_blank=True, help_text="未查到时为“未查到，请核对查询码”"),
        "stage": serializers.CharField(allow_blank=True, help_text="办理阶段（对信访人的说法）；未查到时为空"),
        "due": serializers.DateField(allow_null=True, help_text="最近期限"),
    },
)


class LookupLogSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = QueryCodeLookup
        fields = ["id", "user", "at", "found", "refused"]

    def get_user(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.username


@extend_schema_view(
    list=extend_schema(summary="查询码查询记录（纪检负责人看全部，纪检干部看本人的）"),
    create=extend_schema(
        summary="查询码查询：只返回办理阶段和最近期限",
        request=LookupInputSerializer,
        responses={200: AnswerSerializer, 429: OpenApiResponse(description="查询未果次数过多，请稍后再试")},
    ),
)
class QueryCodeLookupViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = LookupLogSerializer
    ordering = ["-at", "-id"]
    ordering_fields = ["at", "id"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require(permissions.can_process(request.user), STAFF_ONLY)

    def selector(self, user):
        return visible_to(QueryCodeLookup, user=user).select_related("user")

    def create(self, request, *args, **kwargs):
        data = LookupInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = query_code.lookup(request.user, data.validated_data["code"], client_ip(request))
        return Response(answer, status=status.HTTP_200_OK)


class IssueView(APIView):
    @extend_schema(
        summary="发放（或重新发放）查询码：原查询码作废，新码只在此返回一次",
        request=None,
        responses={201: inline_serializer("QueryCodeIssued", {"query_code": serializers.CharField()})},
    )
    def post(self, request, pk):
        require(permissions.can_process(request.user), STAFF_ONLY)
        code = query_code.issue(request.user, pk)  # 404 for a petition the caller may not see
        response = Response({"query_code": code}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response
