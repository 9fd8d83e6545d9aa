from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

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


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (lockout applies)."""
