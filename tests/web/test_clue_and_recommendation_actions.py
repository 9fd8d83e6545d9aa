"""One list of allowed steps per clue / letter and user: ``discipline.permissions`` decides it,
the detail page offers exactly those steps (in that order) and the API's detail reports them.

Each table row is a state; each column a user. ``None``: the user does not see the row at
all (page and API answer 403 / 404), and is allowed nothing.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline import permissions
from discipline.models import Clue, Recommendation
from discipline.services import recommendations as rec_services
from organization.roles import Role
from tests.discipline.factories import clue_at, draft_recommendation, issued_recommendation
from tests.factories import make_user

pytestmark = pytest.mark.django_db

S = Clue.Status
D = Clue.Disposal
R = Recommendation.Status


def page_steps(response):
    assert response.status_code == 200
    return re.findall(r'data-step="([^"]+)"', response.content.decode())


# clue: (stage, disposal, execute method) → {user: steps}; "handler" is the assigned 承办人 (an
# inspector), "inspector" another inspector, "supervisor" the 纪检负责人 (never the handler here)
CLUE_TABLE = [
    (S.REGISTERED, D.PRELIMINARY, "", {
        "supervisor": ["assign", "feedback"], "handler": ["assign"], "inspector": ["assign"]}),
    (S.ASSIGNED, D.PRELIMINARY, "", {
        "supervisor": ["assign", "propose", "feedback"], "handler": ["assign", "propose", "feedback"],
        "inspector": ["assign"]}),
    (S.PROPOSED, D.PRELIMINARY, "", {
        "supervisor": ["discuss", "return", "feedback"], "handler": ["discuss", "feedback"],
        "inspector": ["discuss"]}),
    (S.DISCUSSED, D.PRELIMINARY, "", {
        "supervisor": ["approve", "return", "feedback"], "handler": ["feedback"], "inspector": []}),
    (S.APPROVED, D.PRELIMINARY, "", {
        "supervisor": ["execute", "feedback"], "handler": ["execute", "feedback"], "inspector": []}),
    (S.EXECUTING, D.PRELIMINARY, "", {
        "supervisor": ["propose", "conclude", "feedback"], "handler": ["propose", "conclude", "feedback"],
        "inspector": []}),
    (S.EXECUTING, D.TALK_INQUIRY, "letter", {
        "supervisor": ["propose", "inquiry_reply", "conclude", "feedback"],
        "handler": ["propose", "inquiry_reply", "conclude", "feedback"], "inspector": []}),
    (S.EXECUTING, D.TALK_INQUIRY, "talk", {
        "supervisor": ["propose", "conclude", "feedback"], "handler": ["propose", "conclude", "feedback"],
        "inspector": []}),
    (S.EXECUTING, D.DEFER, "", {
        "supervisor": ["propose", "review", "conclude", "feedback"],
        "handler": ["propose", "review", "conclude", "feedback"], "inspector": []}),
    (S.CONCLUDED, D.CLOSE, "", {"supervisor": ["feedback"], "handler": ["feedback"], "inspector": []}),
    (S.FED_BACK, D.CLOSE, "", {"supervisor": ["feedback"], "handler": ["feedback"], "inspector": []}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stage", "disposal", "method", "expected"), CLUE_TABLE, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in CLUE_TABLE]
)
def test_clue_page_buttons_allowed_actions_and_api_field_agree(
    stage, disposal, method, expected, inspector, supervisor, office_a, leader, client_as, api_as
):
    # given a clue at ``stage`` handled by an inspector of its own
    handler = make_user(Role.INSPECTOR, username="handler", person_name="承办人")
    clue = clue_at(stage, registrar=inspector, supervisor=supervisor, handler=handler, disposal=disposal, method=method)
    users = {"supervisor": supervisor, "handler": handler, "inspector": inspector, "office": office_a, "leader": leader}
    expected = {**expected, "office": None, "leader": None}
    page_url = reverse("web:clue-detail", args=[clue.pk])
    api_url = reverse("clue-detail", kwargs={"pk": clue.pk})
    for role, user in users.items():
        # when each user opens it, then permissions, the page and the API name the same steps
        allowed = permissions.allowed_actions(user, Clue.objects.get(pk=clue.pk))
        if expected[role] is None:
            assert allowed == [], role
            assert client_as(user).get(page_url).status_code == 403, role
            assert api_as(user).get(api_url).status_code == 404, role
            continue
        assert allowed == expected[role], role
        assert page_steps(client_as(user).get(page_url)) == allowed, role
        assert api_as(user).get(api_url).json()["allowed_actions"] == allowed, role


def test_an_archived_clue_offers_no_step(inspector, supervisor, client_as, api_as):
    # given an executing clue that has been archived
    handler = make_user(Role.INSPECTOR, username="handler", person_name="承办人")
    clue = clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor, handler=handler, disposal=D.CLOSE)
    assert permissions.allowed_actions(handler, clue)  # before: the handler has steps
    Clue.objects.filter(pk=clue.pk).update(archived_at=timezone.now())
    for user in (supervisor, handler):
        # then neither permissions, the page nor the API offer one (the services refuse them all)
        assert permissions.allowed_actions(user, Clue.objects.get(pk=clue.pk)) == []
        assert page_steps(client_as(user).get(reverse("web:clue-detail", args=[clue.pk]))) == []
        assert api_as(user).get(reverse("clue-detail", kwargs={"pk": clue.pk})).json()["allowed_actions"] == []


def _letter(state, inspector, office, dept):
    if state == R.DRAFT:
        return draft_recommendation(inspector, department=dept)
    rec = issued_recommendation(inspector, department=dept)
    if state in (R.REPLIED, R.CLOSED):
        rec = rec_services.recommendation_reply(user=office, rec=rec, reply_text="已整改")
    if state == R.CLOSED:
        rec = rec_services.recommendation_close(user=inspector, rec=rec)
    return rec


# letter: state → {user: steps}; "office" is the target department's liaison, "other_office" not
REC_TABLE = [
    (R.DRAFT, {"inspector": ["issue"], "supervisor": ["issue"], "office": None, "other_office": None,
               "leader": None}),
    (R.ISSUED, {"inspector": ["reply"], "supervisor": ["reply"], "office": ["reply"], "other_office": None,
                "leader": []}),
    (R.REPLIED, {"inspector": ["close"], "supervisor": ["close"], "office": [], "other_office": None, "leader": []}),
    (R.CLOSED, {"inspector": [], "supervisor": [], "office": [], "other_office": None, "leader": []}),
]  # fmt: skip


@pytest.mark.parametrize(("state", "expected"), REC_TABLE, ids=[r[0] for r in REC_TABLE])
def test_recommendation_page_buttons_allowed_actions_and_api_field_agree(
    state, expected, inspector, supervisor, office_a, office_b, leader, dept_a, client_as, api_as
):
    rec = _letter(state, inspector, office_a, dept_a)
    users = {"inspector": inspector, "supervisor": supervisor, "office": office_a, "other_office": office_b,
             "leader": leader}  # fmt: skip
    page_url = reverse("web:recommendation-detail", args=[rec.pk])
    api_url = reverse("recommendation-detail", kwargs={"pk": rec.pk})
    for role, user in users.items():
        allowed = permissions.recommendation_allowed_actions(user, Recommendation.objects.get(pk=rec.pk))
        if expected[role] is None:
            assert allowed == [], role
            assert client_as(user).get(page_url).status_code == 404, role
            assert api_as(user).get(api_url).status_code == 404, role
            continue
        assert allowed == expected[role], role
        assert page_steps(client_as(user).get(page_url)) == allowed, role
        assert api_as(user).get(api_url).json()["allowed_actions"] == allowed, role
