"""The insider's attacks on reporter identity and 回避 (issue 10, paths 1, 2, 5, 7 and item 9).

Each test is written as the attack: what a curious inspector, an office or the person reported
on would try, and what they must get instead.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from core.grants import grant
from core.models import AccessGrant
from core.scoping import forget_actor
from discipline.models import Clue
from organization.models import Person
from organization.roles import Role
from petitions import services
from petitions.identity import Identity, reveal_identity
from petitions.models import Category, IdentityViewLog, Informant, Kind, Petition, PetitionRecusal, RestrictedReason
from tests.discipline.factories import register_clue
from tests.factories import make_user
from tests.petitions.factories import OTHER_REPORTER, REPORTER, register, transferred

pytestmark = pytest.mark.django_db

SECRETS = (REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address)


def _leaks(response):
    text = response.content.decode()
    return [secret for secret in SECRETS if secret in text]


def _registration(**overrides):
    from tests.petitions.factories import category, received

    body = {
        "received_at": received().isoformat(),
        "channel": "phone",
        "kind": "complaint",
        "is_named": False,
        "category": category().pk,
        "summary": "随便反映一件事",
        "content": "内容",
    }
    body.update(overrides)
    return body


@pytest.fixture
def curious(db):
    """An inspector who wants to know who reported — possibly on themselves."""
    return make_user(Role.INSPECTOR, username="curious", person_name="好奇的纪检干部")


@pytest.fixture
def victim_petition(inspector, curious):
    """A named accusation against ``curious``, filed by REPORTER and registered by someone else."""
    return register(inspector, kind=Kind.ACCUSATION, subject_person=curious.person_obj)


# -- path 1: identity by phone number --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [{"phone": REPORTER.phone}, {"id_number": REPORTER.id_number}])
def test_registering_with_a_known_phone_or_id_number_reveals_nothing(api_as, curious, victim_petition, typed):
    client = api_as(curious)
    created = client.post(reverse("petition-list"), _registration(informant=typed), format="json")
    assert created.status_code == 201, created.json()
    new = created.json()

    identity = client.get(reverse("petition-identity", args=[new["id"]]))

    assert identity.status_code == 200  # the registrar sees what they typed, and only that
    assert {k: identity.json()[k] for k in ("name", "phone", "id_number", "address")} == Identity(**typed).as_dict()
    assert REPORTER.name not in identity.content.decode() and REPORTER.address not in identity.content.decode()
    petition = Petition.objects.get(pk=new["id"])
    assert petition.informant_id != victim_petition.informant_id
    assert new["informant_code"] != victim_petition.informant.code
    detail = client.get(reverse("petition-detail", args=[new["id"]])).json()
    assert detail["suspected_repeats"] == []  # no hint that the number was seen before
    # the earlier petition, about the attacker, stays hidden
    assert client.get(reverse("petition-detail", args=[victim_petition.pk])).status_code == 404
    assert client.get(reverse("petition-identity", args=[victim_petition.pk])).status_code == 404


def test_registering_with_a_known_phone_shows_no_repeat_link_even_when_the_earlier_item_is_visible(
    api_as, curious, inspector
):
    earlier = register(inspector)  # not about the attacker: visible to every inspector
    client = api_as(curious)
    new = client.post(reverse("petition-list"), _registration(informant={"phone": REPORTER.phone}), format="json")
    pk = new.json()["id"]

    assert client.get(reverse("petition-detail", args=[pk])).json()["suspected_repeats"] == []
    assert client.get(reverse("petition-identity", args=[earlier.pk])).status_code == 403
    page = api_as(curious).get(reverse("petition-detail", args=[earlier.pk]))
    assert _leaks(page) == []
    browser = Client()
    browser.force_login(curious)
    html = browser.get(reverse("web:petition-detail", args=[pk]))
    assert html.status_code == 200 and "疑似重复" not in html.content.decode()
    assert earlier.number not in html.content.decode()


def test_a_supervisor_who_may_see_both_identities_is_told_of_the_repeat_by_number_only(
    api_as, inspector, curious, supervisor
):
    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY, reason="默认授权")
    earlier = register(inspector, summary="第一次反映")
    later = register(curious, informant=Identity(name="化名", phone="+86 139-1234-5678"))

    detail = api_as(supervisor).get(reverse("petition-detail", args=[later.pk]))

    assert detail.json()["suspected_repeats"] == [{"id": earlier.pk, "number": earlier.number, "summary": "第一次反映"}]
    assert _leaks(detail) == []
    browser = Client()
    browser.force_login(supervisor)
    html = browser.get(reverse("web:petition-detail", args=[later.pk])).content.decode()
    assert "疑似重复" in html and earlier.number in html
    assert not IdentityViewLog.objects.exists()  # a repeat link is not a view of anybody's identity


# -- path 2: one reporter record, many petitions ---------------------------------------------------------------


def test_an_approved_request_on_one_petition_does_not_open_another_of_the_same_reporter(
    api_as, inspector, curious, supervisor
):
    first = register(inspector)
    second = register(inspector, summary="同一举报人的另一件")
    asked = api_as(curious).post(reverse("identity-request-list"), {"petition": first.pk, "reason": "需核实"})
    assert asked.status_code == 201, asked.json()
    assert (
        api_as(supervisor).post(reverse("identity-request-approve", args=[asked.json()["id"]]), {}).status_code == 200
    )

    assert api_as(curious).get(reverse("petition-identity", args=[first.pk])).json()["name"] == REPORTER.name
    other = api_as(curious).get(reverse("petition-identity", args=[second.pk]))

    assert other.status_code == 403 and _leaks(other) == []
    assert api_as(curious).get(reverse("petition-detail", args=[first.pk])).json()["suspected_repeats"] == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_shared_reporter_rows_are_split_by_the_migration_and_a_shared_code_opens_nothing(
    api_as, inspector, curious, supervisor
):
    """Data as the old registration left it: two petitions on one reporter row (one code)."""
    Category.objects.get_or_create(name="服务态度")  # an earlier transactional test may have flushed the seed
    first = register(inspector)
    second = register(inspector, informant=OTHER_REPORTER, summary="另一件")
    about_curious = register(inspector, kind=Kind.ACCUSATION, informant=None, subject_person=curious.person_obj)
    first_row = first.informant_id
    reveal_identity(user=inspector, petition=second)
    executor = MigrationExecutor(connection)
    before = [("petitions", "0006_informant_per_petition_and_recusals")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        old.get_model("petitions", "Petition").objects.filter(pk=second.pk).update(informant_id=first_row)
        old.get_model("petitions", "HistoricalPetition").objects.filter(id=second.pk).update(informant_id=first_row)
        old.get_model("petitions", "IdentityViewLog").objects.filter(petition_id=second.pk).update(
            informant_id=first_row
        )
        # an escalation before this change: the subject is gone from the row, kept in the history
        old.get_model("petitions", "Petition").objects.filter(pk=about_curious.pk).update(subject_person=None)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    second.refresh_from_db()
    assert second.informant_id != first_row
    copy, original = Informant.objects.get(pk=second.informant_id), Informant.objects.get(pk=first_row)
    assert copy.code == original.code and copy.name_ct == original.name_ct  # the code still works
    assert set(Petition.history.filter(id=second.pk).values_list("informant_id", flat=True)) == {copy.pk}
    assert set(IdentityViewLog.objects.filter(petition=second).values_list("informant_id", flat=True)) == {copy.pk}
    assert PetitionRecusal.objects.filter(petition=about_curious, person=curious.person_obj).exists()

    # the registrar of the first petition reveals it; a grant on the first says nothing of the second
    asked = api_as(curious).post(reverse("identity-request-list"), {"petition": first.pk, "reason": "需核实"})
    api_as(supervisor).post(reverse("identity-request-approve", args=[asked.json()["id"]]), {})
    assert api_as(curious).get(reverse("petition-identity", args=[first.pk])).status_code == 200
    assert api_as(curious).get(reverse("petition-identity", args=[second.pk])).status_code == 403
    listed = api_as(curious).get(reverse("petition-list"), {"informant_code": original.code}).json()["results"]
    assert {row["id"] for row in listed} == {first.pk, second.pk}  # a shared code lists, but reveals nothing
    assert api_as(curious).get(reverse("petition-detail", args=[about_curious.pk])).status_code == 404


# -- path 5: 报送上级 lifts 回避 --------------------------------------------------------------------------------


def test_escalating_does_not_open_the_petition_to_the_person_it_is_about(api_as, inspector, supervisor, curious):
    petition = register(inspector, kind=Kind.ACCUSATION, subject_person=curious.person_obj)
    assert api_as(curious).get(reverse("petition-detail", args=[petition.pk])).status_code == 404

    escalated = api_as(supervisor).post(
        reverse("petition-escalate", args=[petition.pk]), {"reason": RestrictedReason.values[0]}
    )
    assert escalated.status_code == 200, escalated.json()
    petition.refresh_from_db()
    assert petition.subject_person_id is None  # the content is scrubbed ...

    client = api_as(curious)  # ... and the subject still cannot open it
    assert client.get(reverse("petition-detail", args=[petition.pk])).status_code == 404
    assert petition.pk not in {row["id"] for row in client.get(reverse("petition-list")).json()["results"]}
    assert client.get(reverse("petition-attachments", args=[petition.pk])).status_code == 404
    assert client.post(reverse("identity-request-list"), {"petition": petition.pk, "reason": "看看"}).status_code == 400
    assert api_as(supervisor).get(reverse("petition-detail", args=[petition.pk])).status_code == 200


def test_correcting_the_subject_does_not_open_the_petition_to_the_first_one_named(
    api_as, inspector, curious, supervisor
):
    petition = register(inspector, kind=Kind.ACCUSATION, subject_person=curious.person_obj)
    services.petition_update(user=inspector, petition=petition, reason="登记有误", subject_person=supervisor.person_obj)

    assert api_as(curious).get(reverse("petition-detail", args=[petition.pk])).status_code == 404
    assert api_as(supervisor).get(reverse("petition-detail", args=[petition.pk])).status_code == 404


# -- path 7: a content-role user without a Person -------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER])
def test_a_content_role_user_whose_person_link_is_cut_sees_nothing_that_can_be_about_them(
    api_as, inspector, supervisor, role
):
    insider = make_user(role, username="unlinked", person_name="被解除关联的人")
    petition = register(inspector, kind=Kind.ACCUSATION, subject_person=insider.person_obj)
    plain = register(inspector, summary="与其无关的一件")
    clue = register_clue(supervisor, subject=insider.person_obj)
    Person.objects.filter(user=insider).update(user=None)  # the administrator cuts the link
    forget_actor(insider)

    client = api_as(insider)
    assert client.get(reverse("petition-list")).json()["results"] == []
    for pk in (petition.pk, plain.pk):
        assert client.get(reverse("petition-detail", args=[pk])).status_code == 404
        assert client.get(reverse("petition-identity", args=[pk])).status_code == 404
    clues = client.get(reverse("clue-list"))
    assert clues.status_code in (200, 403) and clue.number not in clues.content.decode()
    assert client.get(reverse("clue-detail", args=[clue.pk])).status_code in (403, 404)
    assert Clue.objects.filter(pk=clue.pk).exists()


# -- item 9: probing the identity endpoints -------------------------------------------------------------------


def test_an_office_cannot_tell_named_from_anonymous_petitions(api_as, inspector, office_a, dept_a):
    named = transferred(inspector, dept_a)
    anonymous = transferred(inspector, dept_a, informant=None, summary="匿名的一件")
    client = api_as(office_a)

    answers = [
        client.get(reverse("petition-identity", args=[pk])) for pk in (named.pk, anonymous.pk, anonymous.pk + 999)
    ]

    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1
    assert all(_leaks(r) == [] for r in answers)


def test_a_subject_cannot_confirm_a_hidden_petition_through_identity_requests(api_as, curious, victim_petition):
    client = api_as(curious)
    hidden = client.post(reverse("identity-request-list"), {"petition": victim_petition.pk, "reason": "想看看"})
    missing = client.post(reverse("identity-request-list"), {"petition": victim_petition.pk + 999, "reason": "想看看"})

    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == {**missing.json(), "detail": hidden.json()["detail"]}
    hidden_text = str(hidden.json()["detail"]["petition"]).replace(str(victim_petition.pk), "N")
    missing_text = str(missing.json()["detail"]["petition"]).replace(str(victim_petition.pk + 999), "N")
    assert hidden_text == missing_text
    assert not victim_petition.identity_requests.exists()


def test_an_office_cannot_probe_petitions_through_identity_requests(api_as, inspector, office_a, dept_a):
    petition = transferred(inspector, dept_a)
    client = api_as(office_a)
    answers = [
        client.post(reverse("identity-request-list"), {"petition": pk, "reason": "想看看"})
        for pk in (petition.pk, petition.pk + 999)
    ]
    assert {r.status_code for r in answers} == {403}
    assert len({r.content for r in answers}) == 1
