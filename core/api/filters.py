"""The API's filter backends (REST_FRAMEWORK DEFAULT_FILTER_BACKENDS): strict, so a bad filter
value or ordering field is a 400 naming it instead of being silently ignored.

The filters themselves (plain django-filter, shared with the pages) are in ``core.filters``.
"""

import django_filters.rest_framework
from django.db.models import F
from rest_framework import filters as drf_filters

from core.errors import field_error
from core.filters import bound_numbers

__all__ = ["DjangoFilterBackend", "OrderingFilter"]


class DjangoFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """The project's filter backend: django-filter's, with every number filter bounded."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return filterset if filterset is None else bound_numbers(filterset)


class OrderingFilter(drf_filters.OrderingFilter):
    """DRF's OrderingFilter silently drops an unknown field; this one answers 400 naming it.

    A view with ``ordering_nulls_last = True`` sorts empty values (a draft's issue date, a clue
    without a running deadline) last in both directions on every database (PostgreSQL would put
    them first when descending), the primary key breaking ties so pages never overlap.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            terms = [param.strip() for param in params.split(",") if param.strip()]
            valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            bad = [term for term in terms if term.removeprefix("-") not in valid]
            if bad:
                raise field_error(
                    self.ordering_param, f"不支持的排序字段：{'、'.join(bad)}；可用：{'、'.join(sorted(valid))}"
                )
        return super().get_ordering(request, queryset, view)

    def filter_queryset(self, request, queryset, view):
        if not getattr(view, "ordering_nulls_last", False):
            return super().filter_queryset(request, queryset, view)
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        expressions = []
        for term in ordering:
            if isinstance(term, str):
                field = F(term.removeprefix("-"))
                term = field.desc(nulls_last=True) if term.startswith("-") else field.asc(nulls_last=True)
            expressions.append(term)
        return queryset.order_by(*expressions, "-pk")
