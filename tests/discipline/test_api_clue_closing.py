"""问题线索 through the API: the 集体研究 members, 办结 outcomes per person, 反馈 to the source, and a clue
registered from a petition."""

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline.models import Clue, ClueOutcome
from tests.discipline.bodies import members_body
from tests.discipline.factories import PersonFactory, clue_at, make_petition

S = Clue.Status
D = Clue.Disposal

pytestmark = pytest.mark.django_db


# -- 集体研究, 办结, 反馈 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (lambda panel, subject: [], "members"),
        (lambda panel, subject: members_body(panel[0]), "至少需要 2 名"),
        (lambda panel, subject: members_body(panel[0], panel[0]), "重复"),
        (lambda panel, subject: members_body(panel[0], subject), "回避"),
        (
            lambda panel, subject: [
                {"person": panel[0].pk, "opinion": "同意"},
                {"person": panel[1].pk, "opinion": " "},
            ],
            "members",
        ),
        (
            lambda panel, subject: [{"person": 999999, "opinion": "同意"}, {"person": panel[1].pk, "opinion": "同意"}],
            "members",
        ),
    ],
)
def test_a_meeting_needs_each_member_present_with_an_opinion(
    members, expected, inspector, supervisor, panel, clue_action
):
    clue = clue_at(S.PROPOSED, registrar=inspector, supervisor=supervisor)
    response = clue_action(inspector, clue, "discuss", {"members": members(panel, clue.subject_person)})
    assert response.status_code == 400, response.json()
    assert "members" in response.json()["detail"]
    assert expected in str(response.json())
    assert not clue.steps.filter(kind="discuss").exists()


def test_outcomes_count_each_person_once_per_kind(inspector, supervisor, subject, clue_action):
    clue = clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor, subject=subject)
    other = PersonFactory(name="相关人员乙")
    twice = [{"person": subject.pk, "kind": "admonishment"}, {"person": subject.pk, "kind": "admonishment"}]
    response = clue_action(inspector, clue, "conclude", {"result": "办结", "outcomes": twice})
    assert response.status_code == 400 and "只计一次" in response.json()["message"]
    outcomes = [
        {"person": subject.pk, "kind": "admonishment"},
        {"person": subject.pk, "kind": "organizational", "note": "调整岗位"},
        {"person": other.pk, "kind": "party_heavy"},
    ]
    response = clue_action(inspector, clue, "conclude", {"result": "办结", "outcomes": outcomes})
    assert response.status_code == 200
    stored = set(ClueOutcome.objects.filter(clue=clue).values_list("person_id", "kind", "form"))
    assert stored == {(subject.pk, "admonishment", 1), (subject.pk, "organizational", 2), (other.pk, "party_heavy", 3)}
    assert all(o.decided_on == timezone.localdate() for o in ClueOutcome.objects.filter(clue=clue))


def test_feedback_goes_to_the_clue_s_own_source(inspector, supervisor, clue_action):
    # a clue from a named reporter's petition: the 信访 office and the reporter; not the 巡察 office
    petition = make_petition(inspector, is_named=True)
    named = clue_at(
        S.CONCLUDED, registrar=inspector, supervisor=supervisor, source=Clue.Source.PETITION, source_petition=petition
    )
    bad = clue_action(inspector, named, "feedback", {"target": "inspection_office", "method": "written", "note": "x"})
    assert bad.status_code == 400 and "target" in bad.json()["detail"]
    for target in ("petition_office", "reporter"):
        response = clue_action(inspector, named, "feedback", {"target": target, "method": "phone", "note": "已告知"})
        assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.FED_BACK
    # an anonymous petition has nobody to call back
    anonymous = clue_at(
        S.CONCLUDED,
        registrar=inspector,
        supervisor=supervisor,
        source=Clue.Source.PETITION,
        source_petition=make_petition(inspector, is_named=False),
    )
    response = clue_action(inspector, anonymous, "feedback", {"target": "reporter", "method": "phone", "note": "x"})
    assert response.status_code == 400 and "匿名" in response.json()["message"]
    # a reporter is told the result only after conclusion
    early = clue_at(
        S.EXECUTING,
        registrar=inspector,
        supervisor=supervisor,
        source=Clue.Source.PETITION,
        source_petition=make_petition(inspector),
    )
    assert (
        clue_action(inspector, early, "feedback", {"target": "reporter", "method": "phone", "note": "x"}).status_code
        == 409
    )


def test_the_inspection_office_hears_back_before_conclusion_and_its_deadline_closes(inspector, supervisor, clue_action):
    clue = clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor, source=Clue.Source.INSPECTION)
    assert clue.inspection_feedback_due_date is not None
    response = clue_action(
        inspector,
        clue,
        "feedback",
        {"target": "inspection_office", "method": "written", "note": "已移交初核，正在办理"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == S.EXECUTING
    clue.refresh_from_db()
    assert clue.inspection_fed_back_on == timezone.localdate()
    assert clue.due_kind != Clue.DueKind.INSPECTION_FEEDBACK


def test_a_clue_from_a_petition_needs_a_visible_unrestricted_petition(inspector, api_as, subject):
    base = {"received_date": "2025-05-06", "source": "petition", "subject_person": subject.pk, "summary": "x"}
    client = api_as(inspector)
    response = client.post(reverse("clue-list"), base, format="json")
    assert response.status_code == 400 and "source_petition" in response.json()["detail"]
    restricted = make_petition(inspector, is_restricted=True, restricted_reason="superior", summary="")
    response = client.post(reverse("clue-list"), {**base, "source_petition": restricted.pk}, format="json")
    assert response.status_code == 400 and "上级管辖" in response.json()["message"]
    ok = make_petition(inspector)
    response = client.post(reverse("clue-list"), {**base, "source_petition": ok.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["source_petition_number"] == ok.number
