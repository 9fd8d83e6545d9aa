"""Who sees which petitions: 回避, office scoping and projection, leaders, system administrators, the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.scoping import visible_to
from petitions.models import IdentityAccessRequest, IdentityViewLog, Informant, Kind, Petition, RestrictedReason
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, register, transferred

pytestmark = pytest.mark.django_db

OFFICE_KEYS = {
    "id", "number", "kind", "kind_display", "category_name", "transfer_department", "transfer_department_name",
    "transfer_summary", "transferred_at", "transfer_due", "transfer_due_warning", "office_status",
    "office_status_display", "transfer_reply", "replied_at", "light",
}  # fmt: skip


# -- 回避 ------------------------------------------------------------------------------------------------


def test_a_leader_never_sees_a_petition_about_themselves(api_as, inspector, leader):
    about_leader = register(inspector, kind=Kind.ACCUSATION, subject_person=leader.person)
    other = register(inspector)
    client = api_as(leader)

    assert client.get(reverse("petition-detail", args=[about_leader.pk])).status_code == 404
    assert client.get(reverse("petition-detail", args=[other.pk])).status_code == 200
    ids = [row["id"] for row in client.get(reverse("petition-list")).json()["results"]]
    assert ids == [other.pk]


@pytest.mark.parametrize("role", ["inspector", "supervisor"])
def test_discipline_staff_are_recused_too(request, api_as, role):
    user = request.getfixturevalue(role)
    registrar = make_user("inspector", username="registrar", person_name="登记人")
    petition = register(registrar, kind=Kind.ACCUSATION, subject_person=user.person)

    assert api_as(user).get(reverse("petition-detail", args=[petition.pk])).status_code == 404
    assert api_as(user).get(reverse("petition-identity", args=[petition.pk])).status_code == 404
    assert not visible_to(Petition, user=user).exists()


def test_an_office_liaison_who_is_the_subject_does_not_see_the_transfer(api_as, inspector, dept_a, office_a):
    petition = transferred(inspector, dept_a, subject_person=office_a.person)
    assert api_as(office_a).get(reverse("petition-transfer-detail", args=[petition.pk])).status_code == 404
    assert api_as(office_a).get(reverse("petition-transfer-list")).json()["count"] == 0


def test_recusal_covers_identity_requests_and_views(inspector, supervisor):
    from petitions import services
    from petitions.identity import reveal_identity

    other = make_user("inspector", username="other", person_name="其他干部")
    petition = register(inspector, subject_person=supervisor.person)
    services.identity_request_create(user=other, petition=petition, reason="核查")
    reveal_identity(user=inspector, petition=petition)
    assert not visible_to(IdentityAccessRequest, user=supervisor).exists()
    assert not visible_to(IdentityViewLog, user=supervisor).exists()


# -- offices ------------------------------------------------------------------------------------------------


def test_offices_see_only_their_transfers_and_only_the_summary(api_as, inspector, dept_a, dept_b, office_a, office_b):
    mine = transferred(inspector, dept_a)
    theirs = transferred(inspector, dept_b)
    untransferred = accepted(inspector)

    for url_name in ("petition-list", "petition-transfer-list"):
        rows = api_as(office_a).get(reverse(url_name)).json()["results"]
        assert [r["id"] for r in rows] == [mine.pk]
        assert set(rows[0]) == OFFICE_KEYS
    detail = api_as(office_a).get(reverse("petition-detail", args=[mine.pk])).json()
    assert set(detail) == OFFICE_KEYS
    assert detail["transfer_summary"] == "请核查接线服务态度问题"
    text = str(detail)
    assert mine.content not in text and mine.summary not in text and mine.informant.code not in text
    for pk in (theirs.pk, untransferred.pk):
        assert api_as(office_a).get(reverse("petition-detail", args=[pk])).status_code == 404
        assert api_as(office_a).get(reverse("petition-transfer-detail", args=[pk])).status_code == 404
    assert api_as(office_a).get(reverse("petition-identity", args=[mine.pk])).status_code in (403, 404)


def test_office_search_does_not_reach_into_content(api_as, inspector, dept_a, office_a):
    petition = transferred(inspector, dept_a, content="内容里的秘密词")
    client = api_as(office_a)
    assert client.get(reverse("petition-list"), {"text": "秘密词"}).json()["count"] == 0
    assert client.get(reverse("petition-list"), {"text": "接线服务"}).json()["count"] == 1
    # filters about the matter or the reporter are ignored for offices
    assert client.get(reverse("petition-list"), {"informant_code": "nobody"}).json()["count"] == 1
    assert petition.pk


# -- leaders and administrators --------------------------------------------------------------------------------


def test_leaders_read_everything_but_restricted_petitions_and_never_identity(api_as, inspector, leader):
    normal = register(inspector)
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR)
    client = api_as(leader)

    ids = {r["id"] for r in client.get(reverse("petition-list")).json()["results"]}
    assert ids == {normal.pk}
    assert client.get(reverse("petition-detail", args=[restricted.pk])).status_code == 404
    detail = client.get(reverse("petition-detail", args=[normal.pk])).json()
    assert detail["can_view_identity"] is False and REPORTER.name not in str(detail)
    assert client.get(reverse("petition-identity", args=[normal.pk])).status_code == 403
    assert client.post(reverse("petition-accept", args=[normal.pk])).status_code == 403


def test_a_system_administrator_sees_nothing_of_petitions(api_as, inspector, admin_user):
    petition = register(inspector)
    client = api_as(admin_user)

    assert admin_user.is_superuser
    assert client.get(reverse("petition-list")).json()["count"] == 0
    assert client.get(reverse("petition-transfer-list")).json()["count"] == 0
    assert client.get(reverse("petition-detail", args=[petition.pk])).status_code == 404
    assert client.get(reverse("petition-identity", args=[petition.pk])).status_code == 404
    assert client.get(reverse("petition-export")).status_code == 403
    assert client.get(reverse("identity-request-list")).json()["count"] == 0
    assert not visible_to(Informant, user=admin_user).exists()


def test_petitions_and_reporters_are_not_in_the_django_admin(client, inspector, admin_user):
    registered = set(admin.site._registry)
    from petitions.models import Category

    assert Category in registered
    assert not registered & {Petition, Informant, IdentityAccessRequest, IdentityViewLog}
    assert not {m for m in registered if m._meta.app_label == "petitions"} - {Category}

    register(inspector)
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "问题类别" in index and "信访件" not in index
    assert client.get("/admin/petitions/petition/").status_code == 404
    assert client.get("/admin/petitions/informant/").status_code == 404
