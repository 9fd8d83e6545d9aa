"""补录 of every petition step: its own time or date, checked, marked, and read by the deadlines.

Every step is taken once at a recorded time days ago (valid: stored as given, the log row and the
history marked 补录) and refused three ways — in the future, before the step it follows, before
2000 — with the field named and nothing written. Dates are relative to today, so the tests pass
on any date at any hour.
"""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from deadlines.calendar import WorkCalendar
from deadlines.light import Light
from deadlines.services import get_rule
from petitions import services
from petitions.lights import LightContext
from petitions.models import Channel, Kind, Petition, PetitionEvent, PetitionExtension, RestrictedReason, Status
from petitions.services.common import BACKFILL_SUFFIX
from tests.backfill_times import ago, day
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


# -- the states, each reached through back-dated steps ---------------------------------------------------


def registered(c, **kwargs):
    return register(c["inspector"], received_at=ago(10), **kwargs)


def accepted(c, **kwargs):
    return services.petition_accept(user=c["inspector"], petition=registered(c, **kwargs), at=ago(9))


def transferred(c):
    petition = accepted(c)
    return services.petition_transfer(
        user=c["inspector"], petition=petition, department=c["dept"], summary="请核查", at=ago(8)
    )


def handling(c, **kwargs):
    return services.petition_handle(user=c["inspector"], petition=accepted(c, **kwargs), at=ago(8))


def concluded(c, **kwargs):
    return services.petition_conclude(
        user=c["inspector"], petition=handling(c, **kwargs), result="已处理", concluded_on=day(7)
    )


def extension_asked(c):
    return services.extension_request(
        user=c["inspector"], petition=accepted(c, kind=Kind.PETITION), days=10, reason="需要补充调查", at=ago(8)
    )


def review_requested(c):
    petition = concluded(c, kind=Kind.PETITION)
    return services.petition_review_request(user=c["inspector"], petition=petition, stage="review", on=day(6))


def _petition(obj):
    return obj.petition if isinstance(obj, PetitionExtension) else obj


# name: (build, take the step with the value, field named, what it may not precede, stored value, event)
TIMED = {
    "accept": (
        registered,
        lambda c, p, at: services.petition_accept(user=c["inspector"], petition=p, at=at),
        lambda p: p.received_at,
        lambda p: p.accepted_at,
        E.ACCEPT,
    ),
    "reject": (
        registered,
        lambda c, p, at: services.petition_reject(user=c["inspector"], petition=p, reason="诉讼途径", at=at),
        lambda p: p.received_at,
        lambda p: p.rejected_at,
        E.REJECT,
    ),
    "escalate": (
        lambda c: registered(c, kind=Kind.ACCUSATION),
        lambda c, p, at: services.petition_escalate(
            user=c["inspector"], petition=p, reason=RestrictedReason.SUPERIOR, at=at
        ),
        lambda p: p.received_at,
        lambda p: p.escalated_at,
        E.ESCALATE,
    ),
    "transfer": (
        accepted,
        lambda c, p, at: services.petition_transfer(
            user=c["inspector"], petition=p, department=c["dept"], summary="请核查", at=at
        ),
        lambda p: p.accepted_at,
        lambda p: p.transferred_at,
        E.TRANSFER,
    ),
    "reply": (
        transferred,
        lambda c, p, at: services.petition_reply(user=c["office"], petition=p, reply="已整改", at=at),
        lambda p: p.transferred_at,
        lambda p: p.replied_at,
        E.REPLY,
    ),
    "handle": (
        accepted,
        lambda c, p, at: services.petition_handle(user=c["inspector"], petition=p, at=at),
        lambda p: p.accepted_at,
        lambda p: p.handling_started_at,
        E.HANDLE,
    ),
    "to_clue": (
        lambda c: accepted(c, kind=Kind.ACCUSATION),
        lambda c, p, at: services.petition_to_clue(user=c["inspector"], petition=p, create_clue=lambda _p: None, at=at)[
            0
        ],
        lambda p: p.accepted_at,
        lambda p: p.handling_started_at,
        E.TO_CLUE,
    ),
    "extension_request": (
        lambda c: accepted(c, kind=Kind.PETITION),
        lambda c, p, at: services.extension_request(user=c["inspector"], petition=p, days=10, reason="调查", at=at),
        lambda p: p.accepted_at,
        lambda x: x.requested_at,
        E.EXTENSION_REQUEST,
    ),
    "extension_approve": (
        extension_asked,
        lambda c, x, at: services.extension_approve(user=c["supervisor"], extension=x, at=at),
        lambda x: x.requested_at,
        lambda x: x.decided_at,
        E.EXTENSION_APPROVE,
    ),
    "extension_refuse": (
        extension_asked,
        lambda c, x, at: services.extension_refuse(user=c["supervisor"], extension=x, note="不必延期", at=at),
        lambda x: x.requested_at,
        lambda x: x.decided_at,
        E.EXTENSION_REFUSE,
    ),
}

DATED = {
    "conclude": (
        handling,
        lambda c, p, on: services.petition_conclude(user=c["inspector"], petition=p, result="已处理", concluded_on=on),
        "concluded_on",
        lambda p: timezone.localdate(p.handling_started_at),
        lambda p: p.concluded_on,
        E.CONCLUDE,
    ),
    "notify": (
        accepted,
        lambda c, p, on: services.petition_notify(user=c["inspector"], petition=p, method="phone", on=on),
        "on",
        lambda p: timezone.localdate(p.accepted_at),
        lambda p: p.notified_on,
        E.NOTIFY,
    ),
    "feedback": (
        concluded,
        lambda c, p, on: services.petition_feedback(user=c["inspector"], petition=p, method="written", on=on),
        "on",
        lambda p: p.concluded_on,
        lambda p: p.feedback_on,
        E.FEEDBACK,
    ),
    "object": (
        lambda c: registered(c, channel=Channel.REFERRAL, outside_remit=True),
        lambda c, p, on: services.petition_object(user=c["inspector"], petition=p, reason="不属本单位", on=on),
        "on",
        lambda p: p.received_on,
        lambda p: p.objection_on,
        E.OBJECT,
    ),
    "review_request": (
        lambda c: concluded(c, kind=Kind.PETITION),
        lambda c, p, on: services.petition_review_request(user=c["inspector"], petition=p, stage="review", on=on),
        "on",
        lambda p: p.concluded_on,
        lambda p: p.review_requested_on,
        E.REVIEW_REQUEST,
    ),
    "review_answer": (
        review_requested,
        lambda c, p, on: services.petition_review_answer(
            user=c["inspector"], petition=p, stage="review", opinion="维持", on=on
        ),
        "on",
        lambda p: p.review_requested_on,
        lambda p: p.review_answered_on,
        E.REVIEW_ANSWER,
    ),
}


@pytest.fixture
def c(inspector, supervisor, office_a, dept_a):
    return {"inspector": inspector, "supervisor": supervisor, "office": office_a, "dept": dept_a}


def _last_event(petition):
    return PetitionEvent.objects.filter(petition=petition).order_by("-entered_at", "-id").first()


def _snapshot(obj):
    petition = Petition.objects.get(pk=_petition(obj).pk)
    written = (petition.version, petition.status, petition.events.count(), petition.history.count())
    if isinstance(obj, PetitionExtension):
        obj.refresh_from_db()
        written += (obj.status, obj.decided_at)
    return written + (PetitionExtension.objects.filter(petition=petition).count(),)


# -- valid back-dated steps --------------------------------------------------------------------------


@pytest.mark.parametrize("name", TIMED)
def test_a_timed_step_is_stored_at_its_own_time_and_marked_backfilled(c, name):
    build, take, follows, stored, action = TIMED[name]
    before = build(c)
    at = follows(before) + dt.timedelta(hours=1)

    after = take(c, before, at)

    assert stored(after) == at
    event = _last_event(_petition(after))
    assert event.action == action and event.at == at
    assert event.backfilled and event.entered_at >= timezone.now() - dt.timedelta(minutes=1)
    assert event.backfill_mark.startswith("补录 · ") and event.backfill_mark.endswith(" 录入")
    if name not in ("extension_request", "extension_refuse"):  # these change nothing on the petition itself
        reason = Petition.history.filter(id=_petition(after).pk).first().history_change_reason
        assert reason.endswith(BACKFILL_SUFFIX), reason


@pytest.mark.parametrize("name", DATED)
def test_a_dated_step_is_stored_on_its_own_day_and_marked_backfilled(c, name):
    build, take, _field, follows, stored, action = DATED[name]
    before = build(c)
    on = follows(before)  # the same day as the step it follows is allowed

    after = take(c, before, on)

    assert stored(after) == on
    event = _last_event(after)
    assert event.action == action and timezone.localdate(event.at) == on and event.backfilled
    assert Petition.history.filter(id=after.pk).first().history_change_reason.endswith(BACKFILL_SUFFIX)


def test_a_step_taken_now_is_not_marked(c):
    petition = services.petition_accept(user=c["inspector"], petition=registered(c))
    event = _last_event(petition)
    assert not event.backfilled and event.backfill_mark == ""
    assert Petition.history.filter(id=petition.pk).first().history_change_reason == "受理"


def test_outcomes_are_decided_on_the_concluded_day_and_the_objection_closes_on_its_day(c, dept_b):
    petition = services.petition_conclude(
        user=c["inspector"],
        petition=handling(c),
        result="已处理",
        concluded_on=day(5),
        outcomes=[{"kind": "named_criticism", "department": dept_b}],
    )
    assert [o.decided_on for o in petition.outcomes.all()] == [day(5)]
    objected = services.petition_object(
        user=c["inspector"],
        petition=registered(c, channel=Channel.REFERRAL, outside_remit=True),
        reason="否",
        on=day(9),
    )
    assert timezone.localdate(objected.rejected_at) == day(9) and objected.status == Status.REJECTED


# -- refused: in the future, before the step it follows, before 2000 -----------------------------------


def _refused(c, obj, take, value, field, words):
    written = _snapshot(obj)
    with pytest.raises(ApplicationError) as exc:
        take(c, obj, value)
    assert field in exc.value.detail, exc.value.detail
    assert words in exc.value.detail[field][0], exc.value.detail
    assert _snapshot(obj) == written  # nothing written


@pytest.mark.parametrize("name", TIMED)
@pytest.mark.parametrize(
    "when, words",
    [
        (lambda prev: timezone.now() + dt.timedelta(hours=2), "不能晚于当前时间"),
        (lambda prev: prev - dt.timedelta(minutes=1), "不能早于"),
        (lambda prev: dt.datetime(1999, 12, 31, 12, tzinfo=dt.UTC), "不能早于 2000 年"),
    ],
    ids=["future", "before-previous-step", "before-2000"],
)
def test_a_timed_step_out_of_its_life_is_refused_naming_at(c, name, when, words):
    build, take, follows, _stored, _action = TIMED[name]
    obj = build(c)
    _refused(c, obj, take, when(follows(obj)), "at", words)


@pytest.mark.parametrize("name", DATED)
@pytest.mark.parametrize(
    "when, words",
    [
        (lambda prev: timezone.localdate() + dt.timedelta(days=1), "不能晚于今天"),
        (lambda prev: prev - dt.timedelta(days=1), "不能早于"),
        (lambda prev: dt.date(1999, 12, 31), "不能早于 2000 年"),
    ],
    ids=["future", "before-previous-step", "before-2000"],
)
def test_a_dated_step_out_of_its_life_is_refused_naming_its_field(c, name, when, words):
    build, take, field, follows, _stored, _action = DATED[name]
    obj = build(c)
    _refused(c, obj, take, when(follows(obj)), field, words)


def test_conclusion_may_not_precede_the_departments_reply(c):
    petition = services.petition_reply(user=c["office"], petition=transferred(c), reply="已整改", at=ago(6))
    with pytest.raises(ApplicationError) as exc:
        services.petition_conclude(user=c["inspector"], petition=petition, result="已处理", concluded_on=day(7))
    assert "部门反馈日期" in exc.value.detail["concluded_on"][0]


# -- deadlines and lights from the recorded dates ------------------------------------------------------


def _due(start, code):
    rule = get_rule(code)
    return WorkCalendar.load().add(start, rule.amount, rule.unit).date


def test_deadlines_and_lights_run_from_the_recorded_dates(c):
    received = ago(400)
    petition = register(c["inspector"], kind=Kind.PETITION, received_at=received)
    petition = services.petition_accept(user=c["inspector"], petition=petition, at=received + dt.timedelta(days=2))
    accepted_on = timezone.localdate(petition.accepted_at)
    # accepted a year ago: the 60-day 办结 period ran out long ago — red
    assert petition.conclude_due == _due(accepted_on, "petition-conclude")
    assert petition.notify_due == _due(timezone.localdate(received), "petition-notify")
    assert petition.next_due == min(petition.conclude_due, petition.notify_due)
    assert LightContext().light(petition) == Light.RED

    petition = services.petition_notify(user=c["inspector"], petition=petition, method="phone", on=accepted_on)
    petition = services.petition_handle(user=c["inspector"], petition=petition, at=petition.accepted_at)
    petition = services.petition_conclude(
        user=c["inspector"], petition=petition, result="已处理", concluded_on=accepted_on + dt.timedelta(days=30)
    )
    # the reporter's 复查 window runs from the recorded 办结 day; nothing is owed: closed, grey
    assert petition.review_request_due == _due(accepted_on + dt.timedelta(days=30), "petition-review-request")
    assert petition.next_due is None and LightContext().light(petition) == Light.GREY


def test_a_transfer_back_dated_is_overdue_for_its_department(c):
    # 5 工作日 from a month ago have run out whatever holidays lie between
    petition = register(c["inspector"], received_at=ago(31))
    petition = services.petition_accept(user=c["inspector"], petition=petition, at=ago(30))
    petition = services.petition_transfer(
        user=c["inspector"], petition=petition, department=c["dept"], summary="请核查", at=ago(30, hour=15)
    )
    assert petition.transfer_due == _due(day(30), "transfer-reply") < timezone.localdate()
    assert LightContext().transfer_light(petition) == Light.RED


# -- the department's reply entered by 纪检 staff ----------------------------------------------------------


def test_staff_may_enter_a_departments_past_reply_as_backfill(c):
    petition = services.petition_reply(user=c["inspector"], petition=transferred(c), reply="已整改", at=ago(6))
    assert petition.status == Status.REPLIED and petition.replied_at == ago(6)
    event = PetitionEvent.objects.get(petition=petition, action=E.REPLY)
    assert event.note == "纪检干部代为补录" and event.user == c["inspector"]
    assert petition.history.first().history_change_reason == f"部门办结反馈（纪检干部代为补录）{BACKFILL_SUFFIX}"


def test_staff_may_not_reply_for_the_department_today(c):
    petition = transferred(c)
    for at in (None, timezone.now()):
        with pytest.raises(ApplicationError) as exc:
            services.petition_reply(user=c["inspector"], petition=petition, reply="已整改", at=at)
        assert "只有承办部门的联络员" in exc.value.message
    petition.refresh_from_db()
    assert petition.status == Status.TRANSFERRED and not PetitionEvent.objects.filter(action=E.REPLY).exists()
