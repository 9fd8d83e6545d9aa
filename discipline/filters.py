"""List filters of clues and recommendations, shared by the API and the web pages.

Invalid values are 400s (django-filter validates before filtering).
"""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import BooleanFilter, IdFilter
from deadlines.light import Light
from discipline.models import Clue, Recommendation
from discipline.selectors.clues import clue_feedback_pending_q, clue_light_context, clue_light_q
from discipline.selectors.recommendations import (
    recommendation_light_context,
    recommendation_light_q,
    recommendation_overdue_q,
)
from organization.models import Department, Person

DATE_FORMATS = ["%Y-%m-%d"]


def request_cached_light(request, name, make):
    """One light context per request however many filtersets read it (the 工作台 counts several)."""
    if request is None:
        return make()
    cache = request.__dict__.setdefault("_discipline_light_ctx", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def _date(field_name, lookup, label):
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup, label=label, input_formats=DATE_FORMATS)


class TextFilterSet(django_filters.FilterSet):
    """``text``: a keyword matched (icontains) against ``text_fields``."""

    text = django_filters.CharFilter(method="filter_text", label="关键词", max_length=100)
    text_fields = ()

    def filter_text(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        query = Q()
        for field in self.text_fields:
            query |= Q(**{f"{field}__icontains": value})
        return qs.filter(query)


class ClueFilter(TextFilterSet):
    text_fields = ("summary", "content", "result", "subject_person__name", "inspection_round", "source_reference")

    status = django_filters.MultipleChoiceFilter(choices=Clue.Status.choices, label="办理阶段")
    disposal = django_filters.MultipleChoiceFilter(choices=Clue.Disposal.choices, label="处置方式")
    source = django_filters.MultipleChoiceFilter(choices=Clue.Source.choices, label="线索来源")
    department = django_filters.ModelChoiceFilter(
        field_name="subject_department", queryset=Department.objects.all(), label="被反映人所在部门"
    )
    subject_person = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label="被反映人")
    handler = IdFilter(field_name="handler_id", label="承办人")  # the 工作台's 我承办的问题线索
    year = django_filters.NumberFilter(field_name="year", label="编号年度", min_value=1900, max_value=9999)
    seq = IdFilter(field_name="seq", label="编号序号")
    received_from = _date("received_date", "gte", "收到日期起")
    received_to = _date("received_date", "lte", "收到日期止")
    concluded_from = _date("concluded_on", "gte", "办结日期起")
    concluded_to = _date("concluded_on", "lte", "办结日期止")
    due_from = _date("due_date", "gte", "当前期限起")
    due_to = _date("due_date", "lte", "当前期限止")
    overdue = BooleanFilter(method="filter_overdue", label="已逾期")
    light = django_filters.ChoiceFilter(choices=Light.choices, method="filter_light", label="亮灯")
    feedback_pending = BooleanFilter(method="filter_feedback_pending", label="办结后待反馈")
    archived = BooleanFilter(field_name="archived_at", lookup_expr="isnull", exclude=True, label="已归档")

    class Meta:
        model = Clue
        fields = []

    def _ctx(self):
        return request_cached_light(self.request, "clue", clue_light_context)

    def filter_light(self, qs, name, value):
        return qs.filter(clue_light_q(value, self._ctx()))

    def filter_overdue(self, qs, name, value):
        red = clue_light_q(Light.RED, self._ctx())
        return qs.filter(red) if value else qs.exclude(red)

    def filter_feedback_pending(self, qs, name, value):
        return qs.filter(clue_feedback_pending_q()) if value else qs.exclude(clue_feedback_pending_q())


class RecommendationFilter(TextFilterSet):
    text_fields = ("title", "problems", "causes", "recommendations", "reply_text", "target_department__name")

    status = django_filters.MultipleChoiceFilter(choices=Recommendation.Status.choices, label="状态")
    kind = django_filters.MultipleChoiceFilter(choices=Recommendation.Kind.choices, label="建议类型")
    source = django_filters.MultipleChoiceFilter(choices=Recommendation.Source.choices, label="问题来源")
    department = django_filters.ModelChoiceFilter(
        field_name="target_department", queryset=Department.objects.all(), label="主送部门"
    )
    year = django_filters.NumberFilter(field_name="year", label="文号年度", min_value=1900, max_value=9999)
    issued_from = _date("issued_on", "gte", "制发日期起")
    issued_to = _date("issued_on", "lte", "制发日期止")
    due_from = _date("reply_due_date", "gte", "回复期限起")
    due_to = _date("reply_due_date", "lte", "回复期限止")
    replied_from = _date("replied_on", "gte", "回复日期起")
    replied_to = _date("replied_on", "lte", "回复日期止")
    overdue = BooleanFilter(method="filter_overdue", label="逾期未回复")
    light = django_filters.ChoiceFilter(choices=Light.choices, method="filter_light", label="亮灯")
    archived = BooleanFilter(field_name="archived_at", lookup_expr="isnull", exclude=True, label="已归档")

    class Meta:
        model = Recommendation
        fields = []

    def filter_light(self, qs, name, value):
        ctx = request_cached_light(self.request, "recommendation", recommendation_light_context)
        return qs.filter(recommendation_light_q(value, ctx))

    def filter_overdue(self, qs, name, value):
        overdue = recommendation_overdue_q(timezone.localdate())
        return qs.filter(overdue) if value else qs.exclude(overdue)
