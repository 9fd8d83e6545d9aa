"""Aspects and problems."""

from drf_spectacular.utils import extend_schema_view

from rectification import selectors, services
from rectification.api import serializers as s
from rectification.api.views.base import ServiceViewSet, write_schemas
from rectification.filters import AspectFilter, ProblemFilter
from rectification.models import Aspect, Problem

# -- aspects and problems ----------------------------------------------------------------------------


@extend_schema_view(**write_schemas("方面", s.AspectSerializer, s.AspectWriteSerializer))
class AspectViewSet(ServiceViewSet):
    model = Aspect
    serializer_class = s.AspectSerializer
    write_serializer_class = s.AspectWriteSerializer
    filterset_class = AspectFilter
    ordering_fields = ["order", "id"]
    immutable = ("round",)

    def selector(self, user):
        return selectors.aspect_list(user=user)

    def service_create(self, data):
        return services.aspect_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.aspect_update(user=self.request.user, aspect=instance, **data)


@extend_schema_view(**write_schemas("问题", s.ProblemSerializer, s.ProblemWriteSerializer))
class ProblemViewSet(ServiceViewSet):
    model = Problem
    serializer_class = s.ProblemSerializer
    write_serializer_class = s.ProblemWriteSerializer
    filterset_class = ProblemFilter
    ordering_fields = ["order", "id"]
    ordering = ["round_id", "order", "id"]
    immutable = ("round",)

    def selector(self, user):
        return selectors.problem_list(user=user)

    def service_create(self, data):
        return services.problem_create(user=self.request.user, **data)

    def service_update(self, instance, data):
        return services.problem_update(user=self.request.user, problem=instance, **data)
