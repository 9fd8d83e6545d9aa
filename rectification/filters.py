"""Strict filters for the 巡察整改 lists (API and pages): an unknown value is an error, never ignored.

Ordering is the API's (core.api.filters.OrderingFilter, the default backend)."""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.scoping import visible_to
from deadlines.light import MEASURE_LIGHT_CHOICES
from organization.models import Department, Person
from rectification.models import Aspect, DeadlineKind, InspectionRound, Measure, MeasureStatus, Problem
from rectification.selectors import LightContext, light_filter_q, overdue_q
from rectification.visibility import department_measures_q

BOOLEAN_CHOICES = [("true", "是"), ("false", "否")]


def request_light_ctx(request) -> LightContext:
    """Today and the warning window, read once per request (filters and serializers share it)."""
    ctx = getattr(request, "_rectification_light_ctx", None)
    if ctx is None:
        ctx = LightContext.now()
        if request is not None:
            request._rectification_light_ctx = ctx
    return ctx


def _visible_rounds(request):
    return visible_to(InspectionRound, user=request.user) if request else InspectionRound.objects.none()


def _visible_aspects(request):
    return visible_to(Aspect, user=request.user) if request else Aspect.objects.none()


def _visible_problems(request):
    return visible_to(Problem, user=request.user) if request else Problem.objects.none()


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="名称或巡察组包含")

    class Meta:
        model = InspectionRound
        fields = ["q"]

    @extend_schema_field(OpenApiTypes.STR)
    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(inspection_team__icontains=value))


class AspectFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(queryset=_visible_rounds, label="巡察轮次")
    parent = django_filters.ModelChoiceFilter(queryset=_visible_aspects, label="上级方面")
    level = django_filters.ChoiceFilter(choices=[("1", "一级"), ("2", "二级")], method="filter_level", label="层级")

    class Meta:
        model = Aspect
        fields = ["round", "parent", "level"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(parent__isnull=value == "1")


class ProblemFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(queryset=_visible_rounds, label="巡察轮次")
    aspect = django_filters.ModelChoiceFilter(
        queryset=_visible_aspects, method="filter_aspect", label="方面（含下级方面）"
    )
    q = django_filters.CharFilter(method="filter_q", label="问题内容包含")

    class Meta:
        model = Problem
        fields = ["round", "aspect", "q"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_aspect(self, queryset, name, value):
        return queryset.filter(Q(aspect=value) | Q(aspect__parent=value))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_q(self, queryset, name, value):
        return queryset.filter(text__icontains=value)


class MeasureFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(field_name="problem__round", queryset=_visible_rounds, label="巡察轮次")
    aspect = django_filters.ModelChoiceFilter(
        queryset=_visible_aspects, method="filter_aspect", label="方面（含下级方面）"
    )
    problem = django_filters.ModelChoiceFilter(queryset=_visible_problems, label="问题")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), method="filter_department", label="责任部门（牵头或配合）"
    )
    # The 工作台's per-department charts count by lead department ("null": none named).
    lead_department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), null_label="未指定牵头部门", label="牵头部门"
    )
    responsible_leader = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label="责任领导")
    responsible_person = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label="责任人")
    status = django_filters.MultipleChoiceFilter(choices=MeasureStatus.choices, label="状态（可多选）")
    deadline_kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, label="时限类型")
    light = django_filters.ChoiceFilter(choices=MEASURE_LIGHT_CHOICES, method="filter_light", label="亮灯")
    overdue = django_filters.ChoiceFilter(choices=BOOLEAN_CHOICES, method="filter_overdue", label="是否逾期")
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="完成时限不早于")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="完成时限不晚于")
    q = django_filters.CharFilter(method="filter_q", label="措施内容包含")

    class Meta:
        model = Measure
        fields = []

    def _light_ctx(self):
        return request_light_ctx(self.request)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_aspect(self, queryset, name, value):
        return queryset.filter(Q(problem__aspect=value) | Q(problem__aspect__parent=value))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_department(self, queryset, name, value):
        return queryset.filter(department_measures_q([value.pk]))

    def filter_light(self, queryset, name, value):
        return queryset.filter(light_filter_q(value, self._light_ctx()))

    def filter_overdue(self, queryset, name, value):
        q = overdue_q(self._light_ctx())
        return queryset.filter(q) if value == "true" else queryset.exclude(q)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_q(self, queryset, name, value):
        return queryset.filter(content__icontains=value)
