"""Small helpers every page module uses."""

from django.core.paginator import Paginator

from core.scoping import actor_for

PAGE_SIZE = 50


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of ``queryset`` (its prefetches run for that page only)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def actor(request):
    return actor_for(request.user)


def filtered(filterset):
    """(queryset, errors): an invalid filter shows its errors and an empty list, never all rows."""
    if filterset.is_valid():
        return filterset.qs, None
    return filterset.queryset.none(), filterset.errors
