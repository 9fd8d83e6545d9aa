"""The lists the 工作台 counts. Every number on the page is the count of a list page with a
query string, counted here through that page's own selector and FilterSet — so a number and
the list it links to cannot disagree (one definition: the list's)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from core.filters import bound_numbers
from petitions.filters import PetitionFilter
from petitions.lights import LightContext as PetitionLights
from web.lists import CLUES, MEASURES, PETITIONS, RECOMMENDATIONS, TRANSFERS, Listing

__all__ = ["CLUES", "MEASURES", "PETITIONS", "RECOMMENDATIONS", "TRANSFERS", "Lists", "Number", "link"]


@dataclass(frozen=True)
class Number:
    """A count with the list page that shows exactly those rows."""

    value: int
    url: str


def _query(params: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if value is None or value == "":
            continue
        values = value if isinstance(value, list | tuple) else [value]
        data.setlist(key, [v.isoformat() if isinstance(v, dt.date) else str(v) for v in values])
    return data


def link(spec: Listing, params: dict) -> str:
    encoded = _query(params).urlencode()
    return reverse(spec.url_name) + (f"?{encoded}" if encoded else "")


class Lists:
    """The lists of one request: each (list, query) filtered and counted once."""

    def __init__(self, request):
        self.request = request
        self._counts: dict[str, int] = {}
        self._bases: dict[str, QuerySet] = {}
        self.petition_lights = PetitionLights()

    def queryset(self, spec: Listing, params: dict) -> QuerySet:
        if spec.url_name not in self._bases:  # the visibility reads (recusals, grants) once per list
            self._bases[spec.url_name] = spec.queryset(user=self.request.user)
        filterset = spec.filter(_query(params), request=self.request, queryset=self._bases[spec.url_name].all())
        if isinstance(filterset, PetitionFilter):
            filterset._light_ctx = self.petition_lights  # its lazily made context, shared for the request
        bound_numbers(filterset)
        if not filterset.is_valid():  # the dashboard wrote these parameters itself: a bug, not input
            raise ValueError(f"{spec.url_name}: {filterset.errors.as_json()}")
        return filterset.qs

    def count(self, spec: Listing, params: dict) -> Number:
        url = link(spec, params)
        if url not in self._counts:
            self._counts[url] = self.queryset(spec, params).count()
        return Number(self._counts[url], url)
