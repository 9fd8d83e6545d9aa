"""补录 of clue steps and of a 建议书's 制发/回复/办结: every step takes the date it really
happened (API and web), refused when in the future, before the step it follows or before
2000 — a 400 naming the field, nothing written — marked 补录 with who entered it and when,
and the deadlines and lights follow the recorded dates."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from deadlines.light import Light
from deadlines.services import due_for
from discipline.models import Clue, ClueOutcome, ClueStep
from discipline.selectors.clues import clue_light, clue_light_context
from discipline.selectors.recommendations import recommendation_light, recommendation_light_context
from discipline.services import recommendations as rec_services
from organization.roles import Role
from tests.discipline.bodies import ACTION_BODIES, members_body
from tests.discipline.factories import clue_at, draft_recommendation, issued_recommendation
from tests.factories import PersonFactory, make_user

pytestmark = pytest.mark.django_db

S = Clue.Status
D = Clue.Disposal
K = ClueStep.Kind


def _iso(day):
    return day.isoformat()


def url(name, rec):
    return reverse(f"recommendation-{name}", kwargs={"pk": rec.pk})


# -- clues through the API -------------------------------------------------------------------


@pytest.mark.parametrize(("disposal", "execute", "middle"), [
    (D.TALK_INQUIRY, {"method": "letter"}, ("inquiry-reply", {"note": "已书面回复"})),
    (D.DEFER, {}, ("review", {"note": "复查：暂无新情况"})),
])  # fmt: skip
def test_every_clue_step_back_dated_through_the_api(
    disposal, execute, middle, inspector, supervisor, subject, panel, api_as, clue_action
):
    received = timezone.localdate() - dt.timedelta(days=400)
    day = [received + dt.timedelta(days=10 * i) for i in range(10)]
    response = api_as(inspector).post(
        reverse("clue-list"),
        {
            "received_date": _iso(received),
            "source": "other",
            "subject_person": subject.pk,
            "summary": "反映违规收受礼金",
            "date": _iso(day[1]),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    clue = Clue.objects.get(pk=response.json()["id"])
    steps = [
        ("assign", {"handler": inspector.pk}, inspector),
        ("propose", {"disposal": disposal, "note": "拟办理由"}, inspector),
        ("discuss", {"members": members_body(*panel)}, inspector),
        ("approve", {}, supervisor),
        ("execute", execute, inspector),
        (*middle, inspector),
        ("conclude", {"result": "经核实，问题基本属实", "outcomes": [{"person": subject.pk, "kind": "reminder_talk"}]},
         inspector),
        ("feedback", {"target": "other", "method": "written", "note": "已反馈"}, inspector),
    ]  # fmt: skip
    for i, (action, body, user) in enumerate(steps, start=2):
        response = clue_action(user, clue, action, {**body, "date": _iso(day[i])})
        assert response.status_code == 200, (action, response.json())

    body = response.json()
    rows = body["steps"]
    assert [r["date"] for r in rows] == [_iso(d) for d in day[1:10]]
    assert all(r["backfilled"] for r in rows), rows  # every step entered today for an earlier day
    assert {r["signer_name"] for r in rows} == {inspector.person.name, supervisor.person.name}
    clue.refresh_from_db()
    assert (clue.received_date, clue.approved_on, clue.concluded_on) == (received, day[5], day[8])
    assert ClueOutcome.objects.get(clue=clue).decided_on == day[8]  # counted in the year it was decided
    if disposal == D.TALK_INQUIRY:
        assert clue.inquiry_sent_on == day[6]
        assert clue.inquiry_due_date == due_for("inquiry-reply", day[6]).date
        assert clue.inquiry_conclude_due_date == due_for("inquiry-conclude", day[7]).date
    else:
        assert clue.next_review_date == due_for("deferred-review", day[7]).date


def test_a_step_entered_the_day_it_happened_is_not_backfilled(inspector, supervisor, clue_action):
    clue = clue_at(S.REGISTERED, registrar=inspector, supervisor=supervisor, received_date=timezone.localdate())
    response = clue_action(inspector, clue, "assign", {"handler": inspector.pk})
    assert response.status_code == 200
    assert [r["backfilled"] for r in response.json()["steps"]] == [False, False]


# action → (stage it is taken at, disposal, execute method)
STAGES = {
    "assign": (S.REGISTERED, D.PRELIMINARY, ""),
    "propose": (S.ASSIGNED, D.PRELIMINARY, ""),
    "discuss": (S.PROPOSED, D.PRELIMINARY, ""),
    "approve": (S.DISCUSSED, D.PRELIMINARY, ""),
    "return": (S.DISCUSSED, D.PRELIMINARY, ""),
    "execute": (S.APPROVED, D.PRELIMINARY, ""),
    "inquiry-reply": (S.EXECUTING, D.TALK_INQUIRY, "letter"),
    "review": (S.EXECUTING, D.DEFER, ""),
    "conclude": (S.EXECUTING, D.PRELIMINARY, ""),
    "feedback": (S.CONCLUDED, D.PRELIMINARY, ""),
}


@pytest.mark.parametrize("action", list(STAGES))
@pytest.mark.parametrize(("when", "message"), [
    (lambda received: timezone.localdate() + dt.timedelta(days=1), "不能晚于今天"),
    (lambda received: received - dt.timedelta(days=1), "不能早于上一环节日期"),
    (lambda received: dt.date(1999, 12, 31), "2000"),  # the input's own range, or core.backfill's floor
])  # fmt: skip
def test_a_clue_step_dated_wrongly_is_refused_naming_the_field(
    action, when, message, inspector, supervisor, panel, clue_action
):
    stage, disposal, method = STAGES[action]
    clue = clue_at(stage, registrar=inspector, supervisor=supervisor, disposal=disposal, method=method)
    before = (clue.status, clue.steps.count(), clue.version)
    body = {**ACTION_BODIES[action]({"supervisor": supervisor, "panel": panel}), "date": _iso(when(clue.received_date))}
    user = supervisor if action in ("approve", "return", "assign") else inspector
    response = clue_action(user, clue, action, body)
    assert response.status_code == 400, response.json()
    assert message in response.json()["detail"]["date"][0]
    clue.refresh_from_db()
    assert (clue.status, clue.steps.count(), clue.version) == before


def test_a_clue_back_dated_past_its_disposal_deadline_is_red(inspector, supervisor):
    received = timezone.localdate() - dt.timedelta(days=120)
    clue = clue_at(S.REGISTERED, registrar=inspector, supervisor=supervisor, received_date=received)
    assert clue.disposal_due_date == due_for("clue-disposal", received).date
    assert clue_light(clue, clue_light_context()) == Light.RED


# -- recommendations ---------------------------------------------------------------------------


def test_a_letter_issued_years_ago_is_numbered_and_due_in_that_year(inspector, office_a, dept_a, api_as):
    year = timezone.localdate().year - 2
    issued = dt.date(year, 6, 3)
    rec = draft_recommendation(inspector, department=dept_a)
    staff = api_as(inspector)
    response = staff.post(url("issue", rec), {"issued_on": _iso(issued)}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    due = due_for("recommendation-reply", issued).date
    assert (body["number"], body["reply_due_date"]) == (f"〔{year}〕1号", _iso(due))
    assert due.year == year
    assert body["light"] == Light.RED  # never replied: long overdue
    [step] = body["steps"]
    assert (step["kind"], step["date"], step["backfilled"]) == ("issued", _iso(issued), True)
    assert step["entered_by"] == inspector.person.name
    assert timezone.localdate(dt.datetime.fromisoformat(step["entered_at"])) == timezone.localdate()

    replied = issued + dt.timedelta(days=20)
    body = {"reply_text": "已整改", "replied_on": _iso(replied)}
    response = api_as(office_a).post(url("reply", rec), body, format="multipart")
    assert response.status_code == 200, response.json()
    closed = replied + dt.timedelta(days=5)
    response = staff.post(url("close", rec), {"closed_on": _iso(closed)}, format="json")
    assert response.status_code == 200, response.json()
    steps = response.json()["steps"]
    assert [(s["kind"], s["date"], s["backfilled"]) for s in steps] == [
        ("issued", _iso(issued), True), ("replied", _iso(replied), True), ("closed", _iso(closed), True)
    ]  # fmt: skip
    rec.refresh_from_db()
    assert recommendation_light(rec, recommendation_light_context()) == Light.GREY


@pytest.mark.parametrize(("step", "field", "when", "message"), [
    ("reply", "replied_on", lambda issued: issued - dt.timedelta(days=1), "不能早于制发日期"),
    ("reply", "replied_on", lambda issued: timezone.localdate() + dt.timedelta(days=1), "不能晚于今天"),
    ("close", "closed_on", lambda issued: issued, "不能早于回复日期"),
    ("close", "closed_on", lambda issued: dt.date(1999, 1, 1), "不能早于 2000 年"),
])  # fmt: skip
def test_a_letter_step_dated_wrongly_is_refused_and_nothing_is_written(step, field, when, message, inspector, dept_a):
    office = make_user(Role.OFFICE, departments=[dept_a])
    issued = timezone.localdate() - dt.timedelta(days=20)
    rec = issued_recommendation(inspector, department=dept_a, issued_on=issued)
    if step == "close":
        rec = rec_services.recommendation_reply(
            user=office, rec=rec, reply_text="已整改", replied_on=issued + dt.timedelta(days=1)
        )
    before = (rec.status, rec.version, rec.history.count())
    with pytest.raises(ApplicationError) as exc:
        if step == "reply":
            rec_services.recommendation_reply(user=office, rec=rec, reply_text="已整改", replied_on=when(issued))
        else:
            rec_services.recommendation_close(user=inspector, rec=rec, closed_on=when(issued))
    assert message in exc.value.detail[field][0]
    rec.refresh_from_db()
    assert (rec.status, rec.version, rec.history.count()) == before


def test_the_letter_steps_are_read_in_one_query(inspector, django_assert_max_num_queries):
    rec = issued_recommendation(inspector, issued_on=timezone.localdate() - dt.timedelta(days=3))
    PersonFactory()  # unrelated rows do not matter
    from discipline.selectors.recommendations import recommendation_steps

    with django_assert_max_num_queries(1):
        steps = recommendation_steps(rec)
    assert [s["backfilled"] for s in steps] == [True]
