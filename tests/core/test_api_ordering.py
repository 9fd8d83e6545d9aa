"""One strict ordering for every API list (core.api.filters.OrderingFilter, the default backend):
an unknown ``ordering`` field is a 400 naming it, never silently ignored; a known one sorts."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.filters import OrderingFilter as DrfOrderingFilter

from core.api.filters import OrderingFilter
from tests.discipline.factories import draft_recommendation, issued_recommendation, register_clue
from tests.petitions.factories import received, register
from tests.rectification.factories import MeasureFactory

pytestmark = pytest.mark.django_db


LISTS = ["rectification-measure-list", "rectification-round-list", "petition-list", "clue-list", "recommendation-list"]


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_ordering_field_is_a_400_naming_it(inspector, api_as, name):
    response = api_as(inspector).get(reverse(name), {"ordering": "secret_field"})

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == "invalid"
    assert "secret_field" in body["message"] and "排序字段" in body["message"]
    assert body["detail"] == {"ordering": [body["message"]]}


def test_only_the_unknown_fields_are_named(inspector, api_as):
    response = api_as(inspector).get(reverse("rectification-measure-list"), {"ordering": "due_date,-nope,-status"})

    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("不支持的排序字段：-nope；")
    assert "可用：" in message and "due_date" in message


def test_measures_sort_by_a_known_field(inspector, api_as):
    today = timezone.localdate()
    late, early, middle = (MeasureFactory(due_date=today + dt.timedelta(days=d)) for d in (30, 10, 20))

    def ids(ordering):
        response = api_as(inspector).get(reverse("rectification-measure-list"), {"ordering": ordering})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("due_date") == [early.pk, middle.pk, late.pk]
    assert ids("-due_date") == [late.pk, middle.pk, early.pk]


def test_petitions_sort_by_a_known_field(supervisor, api_as):
    older, newer = register(supervisor, received_at=received(days_ago=5)), register(supervisor)

    def ids(ordering):
        response = api_as(supervisor).get(reverse("petition-list"), {"ordering": ordering})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("received_at") == [older.pk, newer.pk]
    assert ids("-received_at") == [newer.pk, older.pk]


def test_clues_sort_by_a_known_field(inspector, api_as):
    today = timezone.localdate()
    older = register_clue(inspector, received_date=today - dt.timedelta(days=9))
    newer = register_clue(inspector, received_date=today - dt.timedelta(days=2))

    def ids(ordering):
        response = api_as(inspector).get(reverse("clue-list"), {"ordering": ordering})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("received_date") == [older.pk, newer.pk]
    assert ids("-received_date") == [newer.pk, older.pk]


def test_a_view_may_sort_empty_values_last_both_ways(inspector, dept_a, api_as):
    today = timezone.localdate()
    draft = draft_recommendation(inspector, department=dept_a)  # no issue date yet
    old = issued_recommendation(inspector, department=dept_a, issued_on=today - dt.timedelta(days=9))
    new = issued_recommendation(inspector, department=dept_a, issued_on=today)

    def ids(ordering):
        response = api_as(inspector).get(reverse("recommendation-list"), {"ordering": ordering})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("issued_on") == [old.pk, new.pk, draft.pk]
    assert ids("-issued_on") == [new.pk, old.pk, draft.pk]


def _api_views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "cls", None) is not None:
            yield pattern.callback


def test_no_api_view_orders_with_a_lenient_filter():
    """A view that sets its own ``filter_backends`` must not bring DRF's lenient ordering back."""
    checked = 0
    for callback in _api_views():
        actions = getattr(callback, "actions", None) or {}
        view = callback.cls(**callback.initkwargs)
        for method, action in actions.items():
            handler = getattr(view, action, None)
            backends = getattr(handler, "kwargs", {}).get("filter_backends", view.filter_backends)
            for backend in backends:
                if issubclass(backend, DrfOrderingFilter):
                    assert issubclass(backend, OrderingFilter), f"{callback.cls.__name__}.{action} ({method})"
                    checked += 1
    assert checked > 20  # the lists of every app were walked


def test_a_huge_ordering_is_refused_with_a_bounded_message(api_as, inspector):
    ordering = ",".join(f"x{'y' * 500}{i}" for i in range(2000))
    response = api_as(inspector).get(reverse("rectification-measure-list"), {"ordering": ordering})
    assert response.status_code == 400
    message = response.json()["detail"]["ordering"][0]
    assert message.startswith("不支持的排序字段") and message.count("、") < 30 and len(message) < 600
