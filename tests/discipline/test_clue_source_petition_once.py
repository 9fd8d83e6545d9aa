"""A petition becomes at most one clue, whichever way: 转为问题线索 or a clue registered by hand
with ``source_petition``. A second one is refused on ``source_petition`` with nothing written;
the existing clue is named only to whoever may see it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from discipline.models import Clue, YearCounter
from discipline.services.clues import clue_from_petition, clue_register
from organization.roles import Role
from petitions.models import Kind, PetitionEvent
from tests.factories import PersonFactory, make_user
from tests.petitions.factories import accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(db):
    return PersonFactory(name="被反映人庚")


def _accusation(user, **kwargs):
    return accepted(user, kind=Kind.ACCUSATION, **kwargs)


def _by_hand(user, petition, subject):
    received = timezone.localdate() - dt.timedelta(days=2)
    return clue_register(
        user=user,
        received_date=received,
        date=received,
        source=Clue.Source.PETITION,
        source_petition=petition,
        subject_person=subject,
        summary="手工登记的线索",
    )


def _api_body(petition, subject):
    received = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    return {
        "received_date": received,
        "date": received,
        "source": Clue.Source.PETITION,
        "source_petition": petition.pk,
        "subject_person": subject.pk,
        "summary": "手工登记的线索",
    }


def _written():
    return Clue.objects.count(), list(YearCounter.objects.values_list("series", "year", "last"))


def test_the_service_refuses_a_second_clue_for_a_converted_petition(inspector, subject):
    petition = _accusation(inspector, subject_person=subject)
    clue, _ = clue_from_petition(user=inspector, petition=petition)
    before = _written()
    with pytest.raises(ApplicationError) as refused:
        _by_hand(inspector, petition, subject)
    assert set(refused.value.detail) == {"source_petition"}
    assert refused.value.message.startswith("该信访件已转为问题线索") and clue.number in refused.value.message
    assert _written() == before


def test_the_service_refuses_a_second_hand_registration(inspector, subject):
    petition = _accusation(inspector, subject_person=subject)
    first = _by_hand(inspector, petition, subject)
    with pytest.raises(ApplicationError) as refused:
        _by_hand(inspector, petition, subject)
    assert set(refused.value.detail) == {"source_petition"} and first.number in refused.value.message
    assert Clue.objects.filter(source_petition=petition).count() == 1


def test_the_api_refuses_it_with_a_400_on_source_petition(inspector, subject, api_as):
    petition = _accusation(inspector, subject_person=subject)
    clue, _ = clue_from_petition(user=inspector, petition=petition)
    before = _written()
    response = api_as(inspector).post(reverse("clue-list"), _api_body(petition, subject), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["detail"]) == ["source_petition"]
    assert body["message"].startswith("该信访件已转为问题线索") and clue.number in body["message"]
    assert _written() == before


def test_the_existing_clue_is_not_named_to_who_may_not_see_it(inspector, subject, api_as):
    # the existing clue is about a colleague (回避): they may see the petition, not that clue
    colleague = make_user(Role.INSPECTOR, username="clue_about_me", person_name="被反映干部辛")
    petition = _accusation(inspector, subject_person=subject)
    clue, _ = clue_from_petition(user=inspector, petition=petition, subject_person=colleague.person_obj)
    clue = Clue.objects.get(pk=clue.pk)
    # (the petition names ``subject``; the clue ``colleague``: the petition stays visible to the colleague)
    response = api_as(colleague).post(reverse("clue-list"), _api_body(petition, subject), format="json")
    assert response.status_code == 400 and list(response.json()["detail"]) == ["source_petition"]
    message = response.json()["message"]
    assert message.startswith("该信访件已转为问题线索") and clue.number not in message and "线〔" not in message
    assert Clue.objects.filter(source_petition=petition).count() == 1


def test_the_conversion_after_a_hand_registration_returns_that_clue(inspector, subject, api_as):
    petition = _accusation(inspector, subject_person=subject)
    by_hand = _by_hand(inspector, petition, subject)
    clue, created = clue_from_petition(user=inspector, petition=petition)
    assert (clue.pk, created) == (by_hand.pk, False)
    response = api_as(inspector).post(reverse("clue-from-petition"), {"petition": petition.pk}, format="json")
    assert response.status_code == 200 and response.json()["id"] == by_hand.pk
    assert Clue.objects.filter(source_petition=petition).count() == 1
    assert not petition.events.filter(action=PetitionEvent.Action.TO_CLUE).exists()


# -- two registrations at once, on two connections ------------------------------------------------------------


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrations_at_once_make_one_clue():
    from tests.concurrency.harness import race

    clerk = make_user(Role.INSPECTOR, username="race_hand_clerk", person_name="登记员丙")
    other = make_user(Role.SUPERVISOR, username="race_hand_head", person_name="负责人丙")
    person = PersonFactory(name="被反映人壬")
    for delays in ((0, 0), (0, 0.1), (0.1, 0)):
        petition = _accusation(clerk, subject_person=person)
        outcomes = race(
            lambda p=petition: _by_hand(clerk, p, person),
            lambda p=petition: _by_hand(other, p, person),
            delays=list(delays),
        )
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["error", "ok"], outcomes
        error = next(value for kind, value in outcomes if kind == "error")
        assert isinstance(error, ApplicationError) and set(error.detail) == {"source_petition"}, error
        assert Clue.objects.filter(source_petition=petition).count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_registration_and_a_conversion_at_once_make_one_clue():
    from tests.concurrency.harness import race

    clerk = make_user(Role.INSPECTOR, username="race_mix_clerk", person_name="登记员丁")
    other = make_user(Role.SUPERVISOR, username="race_mix_head", person_name="负责人丁")
    person = PersonFactory(name="被反映人癸")
    for delays in ((0, 0), (0, 0.1), (0.1, 0)):
        petition = _accusation(clerk, subject_person=person)
        outcomes = race(
            lambda p=petition: _by_hand(clerk, p, person),
            lambda p=petition: clue_from_petition(user=other, petition=p),
            delays=list(delays),
        )
        (hand_kind, hand), (convert_kind, converted) = outcomes
        assert convert_kind == "ok", outcomes
        clue, created = converted
        if hand_kind == "ok":  # the registration went first: the conversion returns its clue
            assert (clue.pk, created) == (hand.pk, False)
        else:  # the conversion went first: the registration is refused
            assert created and isinstance(hand, ApplicationError) and set(hand.detail) == {"source_petition"}
        assert Clue.objects.filter(source_petition=petition).count() == 1
