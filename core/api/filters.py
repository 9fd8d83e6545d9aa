"""The API's filter backends (REST_FRAMEWORK DEFAULT_FILTER_BACKENDS): strict, so a bad filter
value or ordering field is a 400 naming it instead of being silently ignored.

The filters themselves (plain django-filter, shared with the pages) are in ``core.filters``.
"""

import django_filters.rest_framework
from django.db.models import F
from rest_framework import filters as drf_filters

from core.filters import bound_numbers, ordering_terms

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
        valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
        ordering_terms(request.query_params.get(self.ordering_param), valid, name=self.ordering_param)
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
