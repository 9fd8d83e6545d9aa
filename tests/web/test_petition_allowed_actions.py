"""One list of steps: ``permissions.allowed_actions`` is what the petition page offers and what the
API's detail carries, for each state and role (and the 转办件 page follows ``allowed_transfer_actions``)."""

import re

import pytest
from django.urls import reverse

from petitions import permissions, services
from petitions.models import Channel, Kind
from tests.petitions.factories import accepted, concluded, handling, register, transferred

pytestmark = pytest.mark.django_db

STEP = re.compile(r'data-step="([a-z_]+)"')


def _replied(user, dept, office):
    petition = transferred(user, dept)
    return services.petition_reply(user=office, petition=petition, reply="已核实并整改")


def _extended(user, dept, office):
    petition = handling(user, kind=Kind.PETITION)
    services.extension_request(user=user, petition=petition, days=10, reason="情况复杂，需进一步核查")
    return petition


# state → (how to build it from (staff, department, its liaison), the steps 纪检 staff may take now, in order)
STATES = {
    "registered": (lambda u, d, o: register(u), ["accept", "reject"]),
    "outside_remit": (
        lambda u, d, o: register(u, kind=Kind.PETITION, channel=Channel.REFERRAL, outside_remit=True),
        ["object", "accept", "reject"],
    ),
    "restricted": (
        lambda u, d, o: register(u, kind=Kind.ACCUSATION, restricted_reason="superior"),
        ["accept", "reject", "escalate"],
    ),
    "accepted": (lambda u, d, o: accepted(u), ["transfer", "handle", "notify"]),
    "accepted_accusation": (
        lambda u, d, o: accepted(u, kind=Kind.ACCUSATION),
        ["escalate", "transfer", "handle", "notify"],
    ),
    "transferred": (lambda u, d, o: transferred(u, d), ["notify"]),
    "replied": (_replied, ["conclude", "notify"]),
    "handling": (lambda u, d, o: handling(u, kind=Kind.PETITION), ["conclude", "notify", "extend"]),
    "extension_pending": (_extended, ["conclude", "notify"]),
    "concluded": (lambda u, d, o: concluded(u, kind=Kind.PETITION), ["notify", "feedback", "review_request"]),
    "concluded_complaint": (lambda u, d, o: concluded(u), ["notify", "feedback"]),
}


def _page_steps(client, petition):
    response = client.get(reverse("web:petition-detail", args=[petition.pk]))
    assert response.status_code == 200
    return STEP.findall(response.content.decode())


def _api_steps(client, petition):
    response = client.get(reverse("petition-detail", args=[petition.pk]))
    assert response.status_code == 200
    return response.json()["allowed_actions"]


@pytest.mark.parametrize("state", list(STATES))
def test_the_page_and_the_api_offer_exactly_the_allowed_actions(
    state, inspector, supervisor, leader, office_a, dept_a, client_as, api_as
):
    build, staff_steps = STATES[state]
    petition = build(inspector, dept_a, office_a)
    for user, expected in ((inspector, staff_steps), (supervisor, staff_steps), (leader, [])):
        allowed = permissions.allowed_actions(user, petition)
        assert allowed == expected, (state, user.username)
        if user is leader and petition.is_restricted:
            continue  # leaders never see a 上级管辖件 (404 on both): nothing to offer
        assert _page_steps(client_as(user), petition) == allowed, (state, user.username)
        assert _api_steps(api_as(user), petition) == allowed, (state, user.username)
    # an office takes no petition step: its page is the 转办件, the API its projection
    assert permissions.allowed_actions(office_a, petition) == []


@pytest.mark.parametrize(("state", "expected"), [("transferred", ["reply", "attach"]), ("replied", [])])
def test_the_transfer_page_offers_exactly_the_allowed_transfer_actions(
    state, expected, inspector, office_a, office_b, dept_a, client_as
):
    petition = STATES[state][0](inspector, dept_a, office_a)
    assert permissions.allowed_transfer_actions(office_a, petition) == expected
    assert permissions.allowed_transfer_actions(office_b, petition) == []
    assert permissions.allowed_transfer_actions(inspector, petition) == []
    html = client_as(office_a).get(reverse("web:transfer-detail", args=[petition.pk])).content.decode()
    offered = re.findall(r'name="action" value="([a-z_]+)"', html)
    assert sorted(offered) == sorted(expected)
