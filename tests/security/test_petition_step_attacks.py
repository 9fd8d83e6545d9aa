"""The petition steps added with the rules of today's texts (提出异议, 复查/复核 request and opinion),
played by those who may not take them and with bad bodies: a refusal, and nothing written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from petitions import services
from petitions.models import Channel, Kind, Petition, PetitionEvent
from tests.factories import make_user
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def _received(days_ago):
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(10)))


@pytest.fixture
def cases(inspector):
    """An item outside the remit (异议 possible) and a concluded 信访 (复查 request possible), each
    about a person who holds a content role."""
    subject = make_user(Role.INSPECTOR, username="step_subject", person_name="被反映的干部")
    outside = register(
        inspector, channel=Channel.REFERRAL, outside_remit=True, received_at=_received(3),
        subject_person=subject.person_obj,
    )  # fmt: skip
    concluded = register(inspector, kind=Kind.PETITION, received_at=_received(40), subject_person=subject.person_obj)
    concluded = services.petition_accept(user=inspector, petition=concluded, at=_received(39))
    concluded = services.petition_notify(
        user=inspector, petition=concluded, method="phone", on=timezone.localdate() - dt.timedelta(days=39)
    )
    concluded = services.petition_handle(user=inspector, petition=concluded, at=_received(38))
    concluded = services.petition_conclude(
        user=inspector, petition=concluded, result="不予支持", concluded_on=timezone.localdate() - dt.timedelta(days=20)
    )
    return {"outside": outside, "concluded": concluded, "subject": subject}


STEPS = {
    "petition-object-to": ("outside", {"reason": "不属本机关受理范围"}),
    "petition-review-request": ("concluded", {"stage": "review"}),
}


def _state(petition):
    petition = Petition.objects.get(pk=petition.pk)
    return (petition.version, petition.status, petition.objection_on, petition.review_requested_on,
            PetitionEvent.objects.filter(petition=petition).count())  # fmt: skip


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("who", ["office", "leader", "admin", "superuser", "subject"])
def test_who_may_not_take_a_step_is_refused_and_nothing_is_written(
    api_as, cases, office_a, leader, admin_user, who, step
):
    outsider = {
        "office": office_a,
        "leader": leader,
        "admin": admin_user,
        "superuser": make_user(username="root_steps", person_name="超级用户", superuser=True),
        "subject": cases["subject"],
    }[who]
    case, body = STEPS[step]
    petition = cases[case]
    before = _state(petition)
    response = api_as(outsider).post(reverse(step, args=[petition.pk]), body, format="json")
    assert response.status_code in (403, 404), response.content
    if who in ("office", "admin", "superuser", "subject"):  # may not even see it: as if it did not exist
        assert response.status_code == 404
    assert _state(petition) == before


BAD = [
    ("petition-object-to", "outside", {}, "reason"),
    ("petition-object-to", "outside", {"reason": "理由", "on": "9999-01-01"}, "on"),
    ("petition-object-to", "outside", {"reason": "长" * 2001}, "reason"),
    ("petition-object-to", "outside", {"reason": "含\x0b控制字符"}, "reason"),
    ("petition-review-request", "concluded", {"stage": "nonsense"}, "stage"),
    ("petition-review-request", "concluded", {"stage": "recheck"}, "stage"),  # no 复查意见 yet
    ("petition-review-request", "concluded", {"stage": "review", "on": "not-a-date"}, "on"),
    ("petition-review-answer", "concluded", {"stage": "review", "opinion": "维持"}, "stage"),  # nothing requested
    ("petition-review-answer", "concluded", {"stage": "review"}, "opinion"),
]


@pytest.mark.parametrize(("step", "case", "body", "field"), BAD)
def test_bad_bodies_are_400s_naming_the_field_and_write_nothing(api_as, inspector, cases, step, case, body, field):
    petition = cases[case]
    before = _state(petition)
    response = api_as(inspector).post(reverse(step, args=[petition.pk]), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["detail"], response.json()
    assert _state(petition) == before


@pytest.mark.parametrize("step", ["petition-object-to", "petition-review-request", "petition-review-answer"])
def test_a_body_that_is_not_an_object_is_a_400(api_as, inspector, cases, step):
    petition = cases["outside"]
    before = _state(petition)
    response = api_as(inspector).post(reverse(step, args=[petition.pk]), "[]", content_type="application/json")
    assert response.status_code == 400
    assert _state(petition) == before
