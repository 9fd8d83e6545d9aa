"""The lists the 工作台 counts. Every number on the page is the count of a list page with a
query string, counted here through that page's own selector and FilterSet — so a number and
the list it links to cannot disagree (one definition: the list's)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from core.filters import bound_numbers
from discipline.filters import ClueFilter, RecommendationFilter
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from petitions import selectors as petition_selectors
from petitions.filters import PetitionFilter, TransferFilter
from petitions.lights import LightContext as PetitionLights
from rectification import selectors as rect_selectors
from rectification.filters import MeasureFilter


@dataclass(frozen=True)
class ListSpec:
    url_name: str
    filterset: type
    queryset: Callable[..., QuerySet]


MEASURES = ListSpec("web:measure-list", MeasureFilter, rect_selectors.measure_list)
PETITIONS = ListSpec("web:petition-list", PetitionFilter, petition_selectors.petition_list)
TRANSFERS = ListSpec("web:transfer-list", TransferFilter, petition_selectors.transferred_list)
CLUES = ListSpec("web:clue-list", ClueFilter, clue_selectors.clue_queryset)
RECOMMENDATIONS = ListSpec("web:recommendation-list", RecommendationFilter, rec_selectors.recommendation_queryset)


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


def link(spec: ListSpec, params: dict) -> str:
    encoded = _query(params).urlencode()
    return reverse(spec.url_name) + (f"?{encoded}" if encoded else "")


class Lists:
    """The lists of one request: each (list, query) filtered and counted once."""

    def __init__(self, request):
        self.request = request
        self._counts: dict[str, int] = {}
        self._bases: dict[str, QuerySet] = {}
        self.petition_lights = PetitionLights()

    def queryset(self, spec: ListSpec, params: dict) -> QuerySet:
        if spec.url_name not in self._bases:  # the visibility reads (recusals, grants) once per list
            self._bases[spec.url_name] = spec.queryset(user=self.request.user)
        filterset = spec.filterset(_query(params), queryset=self._bases[spec.url_name].all(), request=self.request)
        if isinstance(filterset, PetitionFilter):
            filterset._light_ctx = self.petition_lights  # its lazily made context, shared for the request
        bound_numbers(filterset)
        if not filterset.is_valid():  # the dashboard wrote these parameters itself: a bug, not input
            raise ValueError(f"{spec.url_name}: {filterset.errors.as_json()}")
        return filterset.qs

    def count(self, spec: ListSpec, params: dict) -> Number:
        url = link(spec, params)
        if url not in self._counts:
            self._counts[url] = self.queryset(spec, params).count()
        return Number(self._counts[url], url)
