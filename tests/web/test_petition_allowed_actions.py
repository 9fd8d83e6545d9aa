"""One list of steps: ``permissions.allowed_actions`` is what the petition page offers and what the
API's detail carries, for each state and role (and the 转办件 page follows ``allowed_transfer_actions``)."""

import re

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from petitions import permissions, selectors, services
from petitions.models import Channel, Kind
from tests.petitions.factories import accepted, category, concluded, handling, register, transferred

pytestmark = pytest.mark.django_db

STEP = re.compile(r'data-step="([a-z_]+)"')


def _replied(user, dept, office):
    petition = transferred(user, dept)
    return services.petition_reply(user=office, petition=petition, reply="已核实并整改")


def _extended(user, dept, office):
    petition = handling(user, kind=Kind.PETITION)
    services.extension_request(user=user, petition=petition, days=10, reason="情况复杂，需进一步核查")
    return petition


def _clue(user, dept, office):
    from discipline.services.clues import clue_from_petition
    from tests.factories import PersonFactory

    petition = accepted(user, kind=Kind.ACCUSATION)
    clue_from_petition(user=user, petition=petition, subject_person=PersonFactory(name="被反映人丙"))
    return selectors.petition_get(user=user, pk=petition.pk)


# state → (how to build it from (staff, department, its liaison), the steps 纪检 staff may take now, in order)
# 更正 ("correct") is offered while the petition is open and not a 上级管辖件; 转办 only where the kind
# allows it (never a 检举控告, a 信访事项 only of a service category); 转为问题线索 for an accepted
# 检举控告 that is not yet a clue.
STATES = {
    "registered": (lambda u, d, o: register(u), ["accept", "reject", "correct"]),
    "outside_remit": (
        lambda u, d, o: register(u, kind=Kind.PETITION, channel=Channel.REFERRAL, outside_remit=True),
        ["object", "accept", "reject", "correct"],
    ),
    "restricted": (
        lambda u, d, o: register(u, kind=Kind.ACCUSATION, restricted_reason="superior"),
        ["accept", "reject", "escalate"],
    ),
    "accepted": (lambda u, d, o: accepted(u), ["transfer", "handle", "notify", "correct"]),
    "accepted_accusation": (
        lambda u, d, o: accepted(u, kind=Kind.ACCUSATION),
        ["escalate", "handle", "to_clue", "notify", "correct"],
    ),
    "accepted_petition_service": (
        lambda u, d, o: accepted(u, kind=Kind.PETITION),
        ["transfer", "handle", "notify", "extend", "correct"],
    ),
    "accepted_petition_not_service": (
        lambda u, d, o: accepted(u, kind=Kind.PETITION, category=category("作风纪律")),
        ["handle", "notify", "extend", "correct"],
    ),
    "handling_accusation": (
        lambda u, d, o: handling(u, kind=Kind.ACCUSATION),
        ["to_clue", "conclude", "notify", "correct"],
    ),
    "accusation_made_a_clue": (_clue, ["conclude", "notify", "correct"]),
    "transferred": (lambda u, d, o: transferred(u, d), ["notify", "correct"]),
    "replied": (_replied, ["conclude", "notify", "correct"]),
    "handling": (lambda u, d, o: handling(u, kind=Kind.PETITION), ["conclude", "notify", "extend", "correct"]),
    "extension_pending": (_extended, ["conclude", "notify", "correct"]),
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


@pytest.mark.parametrize(
    ("kind", "category_name"),
    [(Kind.ACCUSATION, "服务态度"), (Kind.PETITION, "作风纪律")],
)
def test_a_transfer_not_offered_is_still_refused_by_the_service(kind, category_name, inspector, dept_a):
    petition = accepted(inspector, kind=kind, category=category(category_name))
    assert "transfer" not in permissions.allowed_actions(inspector, petition)
    with pytest.raises(ApplicationError) as exc:
        services.petition_transfer(user=inspector, petition=petition, department=dept_a, summary="请核查")
    assert exc.value.code == "transfer_not_allowed"
    petition.refresh_from_db()
    assert petition.status == "accepted" and petition.transfer_department_id is None


def test_a_transfer_forced_on_the_page_is_refused_with_nothing_changed(inspector, dept_a, client_as):
    petition = accepted(inspector, kind=Kind.ACCUSATION)
    url = reverse("web:petition-detail", args=[petition.pk])
    response = client_as(inspector).post(
        url, {"action": "transfer", "transfer-department": dept_a.pk, "transfer-summary": "请核查"}
    )
    assert response.status_code == 302  # refused before any form: the step is not offered
    petition.refresh_from_db()
    assert petition.status == "accepted" and petition.transfer_department_id is None
