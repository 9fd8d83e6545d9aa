from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from knox.settings import knox_settings
from knox.views import LoginView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError
from core.scoping import actor_for


class ScopedQuerysetMixin:
    """Every API read starts from a selector built on the model's visibility function.

    Subclasses define ``selector(user)`` returning a visible queryset; objects outside
    it answer 404 through the generic ``get_object``.
    """

    def selector(self, user):  # pragma: no cover - abstract
        raise NotImplementedError

    def get_queryset(self):
        return self.selector(self.request.user)


class MeView(APIView):
    @extend_schema(
        summary="当前用户",
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "name": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "person_id": serializers.IntegerField(allow_null=True),
                "department_ids": serializers.ListField(child=serializers.IntegerField()),
            },
        ),
    )
    def get(self, request):
        actor = actor_for(request.user)
        return Response(
            {
                "id": request.user.pk,
                "username": request.user.username,
                "name": request.user.get_full_name() or request.user.username,
                "roles": sorted(actor.roles),
                "person_id": actor.person_id,
                "department_ids": sorted(actor.department_ids),
            }
        )


class TokenView(LoginView):
    """Exchange a username and password for an API token of one's own (lockout applies).

    The token is knox's: only its digest is stored, it expires after ``API_TOKEN_TTL_HOURS``
    and is deleted when the password changes or the account is deactivated. Nobody — the
    system administrator included — can create a token for someone else: the only way to
    get one is this endpoint with that person's password.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    serializer_class = AuthTokenSerializer

    @extend_schema(
        summary="用户名密码换取接口令牌",
        request=AuthTokenSerializer,
        responses=inline_serializer(
            "ApiToken",
            {
                "token": serializers.CharField(help_text="令牌，放在请求头 Authorization: Token <令牌>"),
                "expiry": serializers.DateTimeField(help_text="失效时间"),
            },
        ),
    )
    def post(self, request, format=None):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        live = AuthToken.objects.filter(user=user).filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True))
        if live.count() >= knox_settings.TOKEN_LIMIT_PER_USER:
            raise ApplicationError("有效令牌数已达上限，请先退出不再使用的客户端", code="token_limit", status=403)
        request.user = user
        return super().post(request, format=format)


class LogoutView(KnoxLogoutView):
    """Delete the token this request was made with."""

    @extend_schema(summary="注销当前接口令牌", request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)
