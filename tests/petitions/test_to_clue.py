"""转为问题线索: an accepted 检举控告 becomes one clue (never two), linked both ways, each link shown
only to whoever may see the other record; anything else is refused with nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from discipline.models import Clue
from discipline.services.clues import clue_from_petition
from organization.roles import Role
from petitions import permissions, selectors
from petitions.models import Kind, Petition, PetitionEvent, Status
from tests.factories import PersonFactory, make_user
from tests.petitions.factories import accepted, category, handling, register

pytestmark = pytest.mark.django_db


def _offered(user, petition):
    return permissions.allowed_actions(user, selectors.petition_get(user=user, pk=petition.pk))


@pytest.fixture
def client_as():
    def _make(user):
        client = Client()
        client.force_login(user)
        return client

    return _make


@pytest.fixture
def subject(db):
    return PersonFactory(name="被反映人丁")


def _accusation(user, **kwargs):
    return accepted(user, kind=Kind.ACCUSATION, category=category("违反中央八项规定精神"), **kwargs)


def test_the_clue_takes_the_petitions_facts_and_the_petition_is_handled_through_it(inspector, subject, dept_a):
    petition = _accusation(inspector, subject_person=subject, subject_department=dept_a, summary="违规收受购物卡")

    clue, created = clue_from_petition(user=inspector, petition=petition)

    assert created
    assert clue.source == Clue.Source.PETITION and clue.source_petition_id == petition.pk
    assert (clue.subject_person, clue.subject_department) == (subject, dept_a)
    assert clue.summary == "违规收受购物卡" and clue.received_date == petition.received_on
    assert clue.content.startswith("问题类别：违反中央八项规定精神") and petition.content in clue.content
    assert clue.number and clue.disposal_due_date is not None
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.status == Status.HANDLING and petition.handled_by == inspector
    event = petition.events.order_by("-id").first()
    # the log names no clue number: it is read by people the clue may be hidden from (回避)
    assert event.action == PetitionEvent.Action.TO_CLUE and event.note == "已转为问题线索"
    latest = petition.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == "转为问题线索"
    # the step is no longer offered, and the petition can no longer be transferred
    assert "to_clue" not in permissions.allowed_actions(
        inspector, selectors.petition_get(user=inspector, pk=petition.pk)
    )


def test_a_second_request_returns_the_same_clue(inspector, supervisor, subject):
    petition = _accusation(inspector, subject_person=subject)
    first, created = clue_from_petition(user=inspector, petition=petition)
    again, created_again = clue_from_petition(user=supervisor, petition=petition)
    assert created and not created_again and again.pk == first.pk
    assert Clue.objects.filter(source_petition=petition).count() == 1
    assert petition.events.filter(action=PetitionEvent.Action.TO_CLUE).count() == 1


def test_the_subject_is_named_when_the_petition_names_none(inspector, subject):
    petition = _accusation(inspector)
    with pytest.raises(ApplicationError) as exc:
        clue_from_petition(user=inspector, petition=petition)
    assert "subject_person" in exc.value.detail
    assert not Clue.objects.exists()
    assert Petition.objects.get(pk=petition.pk).status == Status.ACCEPTED

    clue, _ = clue_from_petition(user=inspector, petition=petition, subject_person=subject)
    assert clue.subject_person == subject


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda u, s: accepted(u, kind=Kind.COMPLAINT, subject_person=s), ApplicationError),
        (lambda u, s: register(u, kind=Kind.ACCUSATION, subject_person=s), InvalidTransitionError),
        (lambda u, s: register(u, kind=Kind.ACCUSATION, restricted_reason="superior"), InvalidTransitionError),
    ],
    ids=["a complaint", "not yet accepted", "上级管辖件"],
)
def test_what_may_not_become_a_clue_is_refused_with_nothing_written(build, error, inspector, subject):
    petition = build(inspector, subject)
    assert "to_clue" not in permissions.allowed_actions(
        inspector, selectors.petition_get(user=inspector, pk=petition.pk)
    )
    version = petition.version
    with pytest.raises(error):
        clue_from_petition(user=inspector, petition=petition, subject_person=subject)
    assert not Clue.objects.exists()
    assert Petition.objects.get(pk=petition.pk).version == version


def test_only_staff_and_never_about_oneself(inspector, leader, office_a, subject):
    petition = _accusation(inspector, subject_person=subject)
    for user in (leader, office_a):
        with pytest.raises(PermissionDeniedError):
            clue_from_petition(user=user, petition=petition)
    # 回避: the converting officer cannot name themselves as the clue's subject
    anonymous_subject = _accusation(inspector)
    with pytest.raises(ApplicationError) as exc:
        clue_from_petition(user=inspector, petition=anonymous_subject, subject_person=inspector.person_obj)
    assert "subject_person" in exc.value.detail
    assert not Clue.objects.exists()


def test_an_accusation_already_in_handling_may_become_a_clue(inspector, subject):
    petition = handling(inspector, kind=Kind.ACCUSATION, subject_person=subject)
    clue, created = clue_from_petition(user=inspector, petition=petition)
    assert created and Petition.objects.get(pk=petition.pk).status == Status.HANDLING


# -- the links, each shown only to whoever may see the other record -------------------------------------------


def test_each_page_links_to_the_other(inspector, subject, client_as):
    petition = _accusation(inspector, subject_person=subject)
    clue, _ = clue_from_petition(user=inspector, petition=petition)
    client = client_as(inspector)
    petition_url = reverse("web:petition-detail", args=[petition.pk])
    clue_url = reverse("web:clue-detail", args=[clue.pk])
    assert f'href="{clue_url}"' in client.get(petition_url).content.decode()
    assert f'href="{petition_url}"' in client.get(clue_url).content.decode()


def test_a_link_to_what_the_viewer_may_not_see_is_not_shown(inspector, client_as):
    # A colleague the petition is about sees the clue (about someone else) but not the petition, nor its number…
    petition_subject = make_user(Role.INSPECTOR, username="petition_subject", person_name="信访件被反映人")
    clue_subject = make_user(Role.INSPECTOR, username="clue_subject", person_name="线索被反映人")
    petition = _accusation(inspector, subject_person=petition_subject.person_obj)
    clue, _ = clue_from_petition(user=inspector, petition=petition, subject_person=clue_subject.person_obj)
    petition_url = reverse("web:petition-detail", args=[petition.pk])
    clue_url = reverse("web:clue-detail", args=[clue.pk])

    page = client_as(petition_subject).get(clue_url)
    assert page.status_code == 200
    assert petition_url not in page.content.decode() and petition.number not in page.content.decode()
    assert client_as(petition_subject).get(petition_url).status_code == 404

    # …and the colleague the clue is about sees the petition but no link to (nor number of) the clue.
    page = client_as(clue_subject).get(petition_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert clue_url not in html and clue.number not in html
    assert client_as(clue_subject).get(clue_url).status_code == 404


def test_the_page_step_converts_once_and_says_so(inspector, subject, client_as):
    petition = _accusation(inspector, subject_person=subject)
    client = client_as(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])
    response = client.post(url, {"action": "to_clue", "to_clue-subject_person": ""}, follow=True)
    clue = Clue.objects.get(source_petition=petition)
    assert f"已转为问题线索 {clue.number}" in response.content.decode()
    # a second post (a stale page, a double click): the step is no longer offered; nothing new
    response = client.post(url, {"action": "to_clue", "to_clue-subject_person": ""})
    assert response.status_code == 302
    assert Clue.objects.filter(source_petition=petition).count() == 1


def test_the_page_step_shows_a_missing_subject_beside_its_field(inspector, client_as):
    petition = _accusation(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])
    response = client_as(inspector).post(url, {"action": "to_clue", "to_clue-subject_person": "not-a-number"})
    assert response.status_code == 400 and not Clue.objects.exists()
    response = client_as(inspector).post(url, {"action": "to_clue", "to_clue-subject_person": ""})
    assert response.status_code == 400 and "请选择被反映人" in response.content.decode()
    assert not Clue.objects.exists()


# -- the API -----------------------------------------------------------------------------------------------------


def test_the_api_converts_once_and_reports_the_step(inspector, subject, api_as):
    petition = _accusation(inspector, subject_person=subject)
    api = api_as(inspector)
    detail = api.get(reverse("petition-detail", args=[petition.pk])).json()
    assert "to_clue" in detail["allowed_actions"] and "transfer" not in detail["allowed_actions"]

    url = reverse("clue-from-petition")
    first = api.post(url, {"petition": petition.pk}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["source_petition_number"] == petition.number
    second = api.post(url, {"petition": petition.pk}, format="json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    detail = api.get(reverse("petition-detail", args=[petition.pk])).json()
    assert "to_clue" not in detail["allowed_actions"]

    for body, field in (({}, "petition"), ({"petition": "x"}, "petition"), ({"petition": 99999}, "petition"),
                        ({"petition": petition.pk, "subject_person": "x"}, "subject_person")):  # fmt: skip
        response = api.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json()["detail"], (body, response.content)
    assert Clue.objects.count() == 1


def test_the_api_answers_an_invisible_petition_as_missing(inspector, subject, api_as):
    petition_subject = make_user(Role.INSPECTOR, username="api_subject", person_name="被反映干部乙")
    petition = _accusation(inspector, subject_person=petition_subject.person_obj)
    response = api_as(petition_subject).post(reverse("clue-from-petition"), {"petition": petition.pk}, format="json")
    assert response.status_code == 400 and "petition" in response.json()["detail"]
    assert not Clue.objects.exists()


# -- two requests at once, on two connections --------------------------------------------------------------------


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_conversions_at_once_make_one_clue():
    from tests.concurrency.harness import race

    clerk = make_user(Role.INSPECTOR, username="race_clue_clerk", person_name="登记员乙")
    other = make_user(Role.SUPERVISOR, username="race_clue_head", person_name="负责人乙")
    person = PersonFactory(name="被反映人戊")
    for delays in ((0, 0), (0, 0.1)):
        petition = _accusation(clerk, subject_person=person)
        outcomes = race(
            lambda p=petition: clue_from_petition(user=clerk, petition=p),
            lambda p=petition: clue_from_petition(user=other, petition=p),
            delays=list(delays),
        )
        assert all(kind == "ok" for kind, _ in outcomes), outcomes
        (first, created_first), (second, created_second) = (value for _, value in outcomes)
        assert first.pk == second.pk and sorted([created_first, created_second]) == [False, True]
        assert Clue.objects.filter(source_petition=petition).count() == 1
        assert petition.events.filter(action=PetitionEvent.Action.TO_CLUE).count() == 1
