"""Issue 14's new pages and actions, tried by those who may not use them: the system administrator (三员
分立: no case content), a superuser with no role (superuser status grants nothing), a leader (reads, never
acts) and an office (its own department only). Each is refused and nothing is written."""

import pytest
from django.urls import reverse

from organization.roles import Role
from rectification.models import MeasureReview, MeasureStatus
from tests.discipline.factories import issued_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import register
from tests.rectification.bulk_helpers import submitted_measures
from web.models import SavedFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(inspector, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 2)
    return {
        "measures": measures,
        "reviews": MeasureReview.objects.filter(measure__in=measures).count(),
        "petition": register(inspector),
        "clue": register_clue(inspector, summary="线索甲"),
        "letter": issued_recommendation(inspector, department=dept_a),
    }


def _requests(w):
    ids = [m.pk for m in w["measures"]]
    return {
        "measure-bulk sign_off": ("post", reverse("web:measure-bulk"), {"action": "sign_off", "ids": ids}),
        "measure-bulk return": ("post", reverse("web:measure-bulk"), {"action": "return", "ids": ids, "reason": "x"}),
        "measure-export": ("get", reverse("web:measure-export"), {}),
        "petition-export-selected": ("post", reverse("web:petition-export-selected"), {"ids": [w["petition"].pk]}),
        "clue-export-selected": ("post", reverse("web:clue-export-selected"), {"ids": [w["clue"].pk]}),
        "recommendation-export-selected": (
            "post",
            reverse("web:recommendation-export-selected"),
            {"ids": [w["letter"].pk]},
        ),
        "search": ("get", reverse("web:search"), {"q": "线索甲"}),
        "saved-filter-create": ("post", reverse("web:saved-filter-create"), {"list_key": "measures", "name": "甲"}),
    }


def _call(client, method, url, data):
    return getattr(client, method)(url, data)


def _nothing_written(w):
    assert MeasureReview.objects.filter(measure__in=w["measures"]).count() == w["reviews"]
    assert all(m.status == MeasureStatus.SUBMITTED for m in type(w["measures"][0]).objects.filter(
        pk__in=[m.pk for m in w["measures"]]))  # fmt: skip
    assert not SavedFilter.objects.exists()


@pytest.mark.parametrize("who", ["admin", "superuser"])
def test_the_administrator_and_a_bare_superuser_are_refused_everything(client_as, admin_user, world, who):
    user = admin_user if who == "admin" else make_user(username="bare_root", superuser=True)
    client = client_as(user)
    for name, (method, url, data) in _requests(world).items():
        response = _call(client, method, url, data)
        assert response.status_code == 403, (who, name, response.status_code)
        assert "线索甲" not in response.content.decode(), (who, name)
    _nothing_written(world)


def test_a_leader_reads_but_never_acts_in_bulk_or_exports_clues(client_as, leader, world):
    client = client_as(leader)
    requests = _requests(world)
    for name in ("measure-bulk sign_off", "measure-bulk return", "clue-export-selected"):
        response = _call(client, *requests[name])
        assert response.status_code == 403, (name, response.status_code)
    _nothing_written(world)


def test_an_office_does_not_sign_off_nor_export_petitions_or_clues(client_as, dept_a, world):
    office = make_user(Role.OFFICE, departments=[dept_a], username="other_liaison")
    client = client_as(office)
    requests = _requests(world)
    for name in ("measure-bulk sign_off", "measure-bulk return", "petition-export-selected", "clue-export-selected"):
        response = _call(client, *requests[name])
        assert response.status_code == 403, (name, response.status_code)
    _nothing_written(world)
