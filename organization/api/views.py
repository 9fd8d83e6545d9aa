import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api.views import ScopedQuerysetMixin
from organization.api.serializers import DepartmentSerializer, PersonSerializer
from organization.models import Department, Person
from organization.selectors import department_list, person_list


class DepartmentFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="名称包含")

    class Meta:
        model = Department
        fields = ["kind", "parent", "is_active", "name"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="姓名包含")
    department = django_filters.ModelChoiceFilter(
        field_name="departments", queryset=Department.objects.all(), label="部门"
    )

    class Meta:
        model = Person
        fields = ["is_leader", "is_active", "name", "department"]


@extend_schema_view(list=extend_schema(summary="部门列表"), retrieve=extend_schema(summary="部门详情"))
class DepartmentViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    ordering_fields = ["order", "name", "id"]
    ordering = ["order", "id"]

    def selector(self, user):
        return department_list(user=user)


@extend_schema_view(list=extend_schema(summary="人员列表"), retrieve=extend_schema(summary="人员详情"))
class PersonViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def selector(self, user):
        return person_list(user=user)
