"""问题线索 through the API: who may take each step, and nobody reaches a clue about themselves (回避)."""

import pytest
from django.urls import reverse

from discipline.models import Clue
from organization.roles import Role
from tests.discipline.bodies import ACTION_BODIES, members_body
from tests.discipline.factories import clue_at, register_clue
from tests.factories import make_user

S = Clue.Status
D = Clue.Disposal

pytestmark = pytest.mark.django_db


# -- roles ---------------------------------------------------------------------------------------
def test_offices_leaders_and_the_system_administrator_never_reach_a_clue(
    inspector, supervisor, office_a, leader, admin_user, api_as, clue_action, panel
):
    clue = clue_at(S.DISCUSSED, registrar=inspector, supervisor=supervisor)
    for user in (office_a, leader, admin_user):
        client = api_as(user)
        assert client.get(reverse("clue-list")).status_code == 403
        assert client.get(reverse("clue-export")).status_code == 403
        assert client.get(reverse("clue-detail", kwargs={"pk": clue.pk})).status_code == 404
        for action, body in ACTION_BODIES.items():
            response = clue_action(user, clue, action, body({"supervisor": supervisor, "panel": panel}))
            assert response.status_code == 404, (user.username, action)
        response = client.post(
            reverse("clue-list"),
            {"received_date": "2025-01-02", "source": "other", "subject_person": panel[0].pk, "summary": "x"},
            format="json",
        )
        assert response.status_code == 403
    clue.refresh_from_db()
    assert clue.status == S.DISCUSSED


def test_an_account_with_the_admin_role_sees_no_clue_even_with_a_staff_role(inspector, supervisor, api_as):
    clue = clue_at(S.REGISTERED, registrar=inspector, supervisor=supervisor)
    both = make_user(Role.SUPERVISOR, Role.ADMIN, username="both", superuser=True)
    assert api_as(both).get(reverse("clue-detail", kwargs={"pk": clue.pk})).status_code == 404
    assert api_as(both).get(reverse("clue-list")).status_code == 403


def test_leaders_read_statistics_only(inspector, supervisor, leader, admin_user, office_a, api_as):
    clue_at(S.CONCLUDED, registrar=inspector, supervisor=supervisor)
    clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor, disposal=D.DEFER)
    response = api_as(leader).get(reverse("clue-statistics"))
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2
    assert {d["code"]: d["count"] for d in data["by_disposal"]}[D.DEFER] == 1
    assert "summary" not in str(data) and "被反映人" not in str(data)
    assert api_as(admin_user).get(reverse("clue-statistics")).status_code == 403
    assert api_as(office_a).get(reverse("clue-statistics")).status_code == 403
    assert api_as(leader).get(reverse("clue-statistics"), {"year": "abc"}).status_code == 400


def test_only_the_supervisor_approves_or_returns(inspector, supervisor, clue_action):
    clue = clue_at(S.DISCUSSED, registrar=inspector, supervisor=supervisor)
    for action, body in (("approve", {}), ("return", {"note": "退回"})):
        response = clue_action(inspector, clue, action, body)
        assert response.status_code == 403
        assert response.json()["message"].startswith("只有纪检负责人")
    assert clue_action(supervisor, clue, "approve").status_code == 200


def test_only_the_handler_or_the_supervisor_proposes_executes_and_concludes(inspector, supervisor, panel, clue_action):
    handler = make_user(Role.INSPECTOR, username="handler", person_name="承办人")
    clue = clue_at(S.ASSIGNED, registrar=inspector, supervisor=supervisor, handler=handler)
    body = {"disposal": D.PRELIMINARY, "note": "拟办"}
    assert clue_action(inspector, clue, "propose", body).status_code == 403
    assert clue_action(handler, clue, "propose", body).status_code == 200
    assert clue_action(inspector, clue, "discuss", {"members": members_body(*panel)}).status_code == 200
    assert clue_action(supervisor, clue, "approve").status_code == 200
    assert clue_action(inspector, clue, "execute").status_code == 403
    assert clue_action(handler, clue, "execute").status_code == 200
    assert clue_action(inspector, clue, "conclude", {"result": "办结"}).status_code == 403
    assert clue_action(supervisor, clue, "conclude", {"result": "办结"}).status_code == 200


def test_the_handler_must_be_discipline_staff_and_not_the_subject(inspector, supervisor, office_a, clue_action):
    subject_user = make_user(Role.INSPECTOR, username="subject_user", person_name="被反映的干部")
    clue = register_clue(supervisor, subject=subject_user.person)
    response = clue_action(supervisor, clue, "assign", {"handler": office_a.pk})
    assert response.status_code == 400 and "handler" in response.json()["detail"]
    response = clue_action(supervisor, clue, "assign", {"handler": subject_user.pk})
    assert response.status_code == 400 and "回避" in response.json()["message"]


# -- 回避 --------------------------------------------------------------------------------------
def test_nobody_sees_a_clue_about_themselves(inspector, supervisor, api_as, clue_action):
    # given a clue about the supervisor, and another clue
    about_supervisor = register_clue(inspector, subject=supervisor.person)
    other = register_clue(inspector)
    client = api_as(supervisor)
    # then the supervisor neither lists nor opens it, nor acts on it, nor counts it, nor exports it
    listed = [row["id"] for row in client.get(reverse("clue-list")).json()["results"]]
    assert listed == [other.pk]
    assert client.get(reverse("clue-detail", kwargs={"pk": about_supervisor.pk})).status_code == 404
    assert clue_action(supervisor, about_supervisor, "assign", {"handler": inspector.pk}).status_code == 404
    assert client.get(reverse("clue-statistics")).json()["total"] == 1
    assert client.get(reverse("clue-export")).status_code == 200
    # while an inspector sees both
    assert api_as(inspector).get(reverse("clue-list")).json()["count"] == 2


def test_one_cannot_register_a_clue_about_oneself(inspector, api_as):
    response = api_as(inspector).post(
        reverse("clue-list"),
        {"received_date": "2025-03-01", "source": "other", "subject_person": inspector.person.pk, "summary": "x"},
        format="json",
    )
    assert response.status_code == 400 and "subject_person" in response.json()["detail"]
