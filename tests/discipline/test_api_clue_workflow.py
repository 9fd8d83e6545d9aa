"""问题线索 workflow through the API: every step in order, and a step out of order refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.outcomes import Form
from discipline.models import Clue, ClueStep
from tests.discipline.bodies import ACTION_BODIES, members_body
from tests.discipline.factories import clue_at

S = Clue.Status
D = Clue.Disposal

pytestmark = pytest.mark.django_db


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
