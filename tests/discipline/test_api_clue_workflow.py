"""问题线索 workflow through the API: every step, who may take it, and what is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.outcomes import Form
from discipline.models import Clue, ClueOutcome, ClueStep
from organization.roles import Role
from tests.discipline.factories import PersonFactory, clue_at, make_petition, register_clue
from tests.factories import make_user

S = Clue.Status
D = Clue.Disposal

pytestmark = pytest.mark.django_db


def members_body(*people):
    return [{"person": p.pk, "opinion": f"{p.name}：同意"} for p in people]


@pytest.fixture
def panel(db):
    return [PersonFactory(name="委员甲"), PersonFactory(name="委员乙"), PersonFactory(name="委员丙")]


@pytest.mark.parametrize(
    ("disposal", "execute_body"),
    [
        (D.TALK_INQUIRY, {"method": "letter"}),
        (D.PRELIMINARY, {}),
        (D.DEFER, {}),
        (D.CLOSE, {}),
        (D.TRANSFER, {"transferred_to": "市纪委监委第二审查调查室"}),
    ],
)
def test_a_clue_goes_through_every_step_and_each_step_is_signed(
    disposal, execute_body, inspector, supervisor, subject, panel, api_as, clue_action
):
    # 登记
    received = timezone.localdate() - dt.timedelta(days=10)
    response = api_as(inspector).post(
        reverse("clue-list"),
        {
            "received_date": received.isoformat(),
            "source": "other",
            "subject_person": subject.pk,
            "summary": "反映违规收受礼金",
            "content": "详细内容",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    clue = Clue.objects.get(pk=body["id"])
    assert body["number"] == f"线〔{received.year}〕1号"
    assert body["status"] == S.REGISTERED
    assert body["subject_department_name"] == "财务处"  # taken from the person's only department

    steps = [
        ("assign", {"handler": inspector.pk, "note": "请周敏承办"}, inspector, S.ASSIGNED),
        ("propose", {"disposal": disposal, "note": "拟办理由"}, inspector, S.PROPOSED),
        ("discuss", {"members": members_body(*panel), "note": "一致同意"}, inspector, S.DISCUSSED),
        ("approve", {"note": "同意"}, supervisor, S.APPROVED),
        ("execute", execute_body, inspector, S.EXECUTING),
    ]
    if disposal == D.TALK_INQUIRY:
        steps.append(("inquiry-reply", {"note": "已书面说明"}, inspector, S.EXECUTING))
    if disposal == D.DEFER:
        steps.append(("review", {"note": "暂无新情况，继续暂存"}, inspector, S.EXECUTING))
    steps += [
        (
            "conclude",
            {"result": "予以了结", "outcomes": [{"person": subject.pk, "kind": "reminder_talk"}]},
            inspector,
            S.CONCLUDED,
        ),
        ("feedback", {"target": "other", "method": "written", "note": "已书面反馈"}, supervisor, S.FED_BACK),
    ]
    for action, payload, user, expected in steps:
        response = clue_action(user, clue, action, payload)
        assert response.status_code == 200, (action, response.json())
        assert response.json()["status"] == expected, action

    # every step is a signed record: who, when, what — in order
    detail = api_as(supervisor).get(reverse("clue-detail", kwargs={"pk": clue.pk})).json()
    kinds = [s["kind"] for s in detail["steps"]]
    assert kinds == ["register"] + [{"inquiry-reply": "inquiry_reply", "return": "return"}.get(a, a) for a, *_ in steps]
    for step, (_, _, user, _) in zip(detail["steps"][1:], steps, strict=True):
        assert step["signed_by"] == user.pk
        assert step["signer_name"] == user.person.name
        assert step["signed_at"]
    assert detail["steps"][0]["signer_name"] == inspector.person.name
    meeting = next(s for s in detail["steps"] if s["kind"] == "discuss")
    assert {(o["person_name"], o["opinion"]) for o in meeting["opinions"]} == {
        (p.name, f"{p.name}：同意") for p in panel
    }
    assert detail["disposal"] == disposal
    assert detail["outcomes"][0]["form"] == Form.FIRST
    # and the clue's history names the user who made each change
    assert clue.history.filter(history_user=supervisor).exists()
    assert clue.history.count() == len(steps) + 1


# -- forbidden transitions -------------------------------------------------------------------
ACTION_BODIES = {
    "assign": lambda ctx: {"handler": ctx["supervisor"].pk},
    "propose": lambda ctx: {"disposal": D.PRELIMINARY, "note": "拟办"},
    "discuss": lambda ctx: {"members": members_body(*ctx["panel"])},
    "approve": lambda ctx: {},
    "return": lambda ctx: {"note": "退回重拟"},
    "execute": lambda ctx: {},
    "inquiry-reply": lambda ctx: {},
    "review": lambda ctx: {"note": "复查"},
    "conclude": lambda ctx: {"result": "办结"},
    "feedback": lambda ctx: {"target": "other", "method": "written", "note": "反馈"},
}
ALLOWED = {
    S.REGISTERED: {"assign"},
    S.ASSIGNED: {"assign", "propose"},
    S.PROPOSED: {"discuss", "return"},
    S.DISCUSSED: {"approve", "return"},
    S.APPROVED: {"execute"},
    S.EXECUTING: {"propose", "conclude"},  # inquiry-reply / review only for 函询 / 暂存 clues
    S.CONCLUDED: {"feedback"},
    S.FED_BACK: {"feedback"},
}
FORBIDDEN = [(stage, action) for stage in ALLOWED for action in ACTION_BODIES if action not in ALLOWED[stage]]


@pytest.mark.parametrize(("stage", "action"), FORBIDDEN)
def test_a_step_out_of_order_is_refused_with_a_chinese_reason(stage, action, supervisor, panel, clue_action):
    # given a clue at ``stage`` handled by the supervisor (who holds every right)
    clue = clue_at(stage, registrar=supervisor, supervisor=supervisor)
    before = (clue.status, clue.steps.count())
    # when an action the stage does not allow is posted
    response = clue_action(supervisor, clue, action, ACTION_BODIES[action]({"supervisor": supervisor, "panel": panel}))
    # then it is refused as a conflict, in Chinese, and nothing changed
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_transition"
    assert "线索" in response.json()["message"]
    clue.refresh_from_db()
    assert (clue.status, clue.steps.count()) == before


def test_inquiry_reply_needs_a_letter_and_review_needs_a_deferred_clue(supervisor, clue_action):
    talk = clue_at(S.EXECUTING, registrar=supervisor, supervisor=supervisor, disposal=D.TALK_INQUIRY, method="talk")
    assert clue_action(supervisor, talk, "inquiry-reply").status_code == 409
    assert clue_action(supervisor, talk, "review", {"note": "复查"}).status_code == 409
    letter = clue_at(S.EXECUTING, registrar=supervisor, supervisor=supervisor, disposal=D.TALK_INQUIRY, method="letter")
    response = clue_action(supervisor, letter, "conclude", {"result": "办结"})
    assert response.status_code == 409 and "函询尚未回复" in response.json()["message"]
    assert clue_action(supervisor, letter, "inquiry-reply").status_code == 200
    assert clue_action(supervisor, letter, "inquiry-reply").status_code == 409  # already replied


def test_return_sends_the_proposal_back_with_a_reason(supervisor, inspector, panel, clue_action):
    clue = clue_at(S.DISCUSSED, registrar=inspector, supervisor=supervisor, handler=inspector)
    assert clue_action(supervisor, clue, "return", {}).status_code == 400  # reason required
    response = clue_action(supervisor, clue, "return", {"note": "处置意见依据不足"})
    assert response.status_code == 200 and response.json()["status"] == S.ASSIGNED
    step = clue.steps.get(kind=ClueStep.Kind.RETURN)
    assert (step.note, step.signed_by) == ("处置意见依据不足", supervisor)
    # the handler proposes again, and the new proposal goes through the meeting again
    assert clue_action(inspector, clue, "propose", {"disposal": D.CLOSE, "note": "重拟"}).status_code == 200
    assert clue_action(supervisor, clue, "approve").status_code == 409


def test_the_meeting_may_settle_on_another_disposal(supervisor, inspector, panel, clue_action):
    clue = clue_at(S.PROPOSED, registrar=inspector, supervisor=supervisor, disposal=D.CLOSE)
    response = clue_action(
        inspector, clue, "discuss", {"members": members_body(*panel), "disposal": D.PRELIMINARY, "note": "改为初步核实"}
    )
    assert response.status_code == 200
    assert response.json()["disposal"] == D.PRELIMINARY
    assert clue.steps.get(kind="discuss").disposal == D.PRELIMINARY


def test_a_deferred_clue_is_taken_up_again_through_a_new_proposal(supervisor, inspector, panel, clue_action):
    clue = clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor, disposal=D.DEFER)
    assert clue_action(inspector, clue, "review", {"note": "出现新线索"}).status_code == 200
    assert clue_action(inspector, clue, "propose", {"disposal": D.PRELIMINARY, "note": "转初核"}).status_code == 200
    assert clue_action(inspector, clue, "discuss", {"members": members_body(*panel)}).status_code == 200
    assert clue_action(supervisor, clue, "approve").status_code == 200
    response = clue_action(inspector, clue, "execute")
    assert response.status_code == 200
    clue.refresh_from_db()
    assert (clue.status, clue.disposal) == (S.EXECUTING, D.PRELIMINARY)
    # the first approval date (the disposal deadline's) is kept; the latest approval is today
    assert clue.disposal_approved_on <= clue.approved_on


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
