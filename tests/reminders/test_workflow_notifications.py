"""Workflow notifications (issue 14): every step tells whoever acts next — and nobody else.

One table over the steps: the right recipients in their bell, never the actor, never someone
who cannot see the item or whom it is about; the text names the round / number and no reporter;
a rolled-back step leaves nothing; the next e-mail digest carries it; a step's queries do not
grow with the number of recipients.
"""

import datetime as dt

import pytest
from django.db import transaction

from discipline.services import recommendations as recs
from organization.roles import Role
from petitions import services as petitions
from petitions.models import Kind
from rectification import services as rectification
from reminders.delivery.outbox import send_due
from reminders.models import Notification, OutboxItem, Reminder
from reminders.workflow import notify_step
from tests.discipline.factories import draft_recommendation, issued_recommendation
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, transferred
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

SUMMARY = "接线员态度生硬"  # the petition's summary: may be sensitive, never in a notification


@pytest.fixture
def w(db, settings, dept_a, dept_b, office_a, office_b, inspector, supervisor, leader, admin_user):
    settings.REMINDER_CHANNELS = ["email"]
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = True
    people = {
        "office_a": office_a,
        "office_b": office_b,
        "inspector": inspector,
        "supervisor": supervisor,
        "leader": leader,
        "admin": admin_user,
        "office_a2": make_user(Role.OFFICE, departments=[dept_a], username="office_a2", email="a2@example.org"),
        "supervisor2": make_user(Role.SUPERVISOR, username="supervisor2", email="s2@example.org"),
        "inspector2": make_user(Role.INSPECTOR, username="inspector2", email="i2@example.org"),
    }
    problem = ProblemFactory(round=RoundFactory(name="第二轮巡察"), order=3)
    measure = MeasureFactory(problem=problem, order=2, lead_department=dept_a, content="措施内容不应出现")
    return {"people": people, "measure": measure, "dept_a": dept_a, "dept_b": dept_b}


def _submitted(w):
    m = w["measure"]
    rectification.progress_add(user=w["people"]["office_a"], measure=m, text="已印发制度", files=[])
    return rectification.measure_submit(user=w["people"]["office_a"], measure=m)


def _extension(w):
    m = w["measure"]
    return rectification.extension_request(
        user=w["people"]["office_a"], measure=m, reason="需要跨年度实施", requested_date=m.due_date + dt.timedelta(30)
    )


def _petition_extension(w):
    petition = accepted(w["people"]["inspector"], kind=Kind.PETITION)
    return petitions.extension_request(user=w["people"]["inspector"], petition=petition, days=15, reason="情况复杂")


def _identity_request(w):
    petition = accepted(w["people"]["inspector"])
    return petitions.identity_request_create(user=w["people"]["inspector2"], petition=petition, reason="需联系")


# event: (prepare(w) -> obj, actor name, step(w, obj, actor), recipients, words in the title)
STEPS = {
    "measure.submit": (
        lambda w: rectification.progress_add(user=w["people"]["office_a"], measure=w["measure"], text="进展", files=[]),
        "office_a",
        lambda w, obj, u: rectification.measure_submit(user=u, measure=w["measure"]),
        {"inspector", "inspector2", "supervisor", "supervisor2"},
        ("第二轮巡察", "问题3-措施2", "申请销号"),
    ),
    "measure.return": (
        _submitted,
        "supervisor",
        lambda w, obj, u: rectification.measure_return(user=u, measure=obj, reason="佐证不足"),
        {"office_a", "office_a2"},
        ("第二轮巡察", "问题3-措施2", "退回"),
    ),
    "measure.sign_off": (
        _submitted,
        "supervisor",
        lambda w, obj, u: rectification.measure_sign_off(user=u, measure=obj),
        {"office_a", "office_a2"},
        ("问题3-措施2", "已销号"),
    ),
    "measure.extension_request": (
        lambda w: None,
        "office_a",
        lambda w, obj, u: _extension(w),
        {"supervisor", "supervisor2"},
        ("问题3-措施2", "申请延期"),
    ),
    "measure.extension_decided": (
        _extension,
        "supervisor",
        lambda w, obj, u: rectification.extension_approve(user=u, extension=obj),
        {"office_a"},
        ("问题3-措施2", "已批准"),
    ),
    "petition.transfer": (
        lambda w: accepted(w["people"]["inspector"]),
        "inspector",
        lambda w, obj, u: petitions.petition_transfer(
            user=u, petition=obj, department=w["dept_a"], summary="请核查服务态度"
        ),
        {"office_a", "office_a2"},
        ("信〔", "转办件"),
    ),
    "petition.reply": (
        lambda w: transferred(w["people"]["inspector"], w["dept_a"]),
        "office_a",
        lambda w, obj, u: petitions.petition_reply(user=u, petition=obj, reply="已整改"),
        {"inspector"},
        ("信〔", "已反馈"),
    ),
    "petition.extension_request": (
        lambda w: None,
        "inspector",
        lambda w, obj, u: _petition_extension(w),
        {"supervisor", "supervisor2"},
        ("信〔", "延长办结期限"),
    ),
    "petition.extension_decided": (
        _petition_extension,
        "supervisor",
        lambda w, obj, u: petitions.extension_refuse(user=u, extension=obj, note="理由不充分"),
        {"inspector"},
        ("信〔", "未予批准"),
    ),
    "petition.identity_decided": (
        _identity_request,
        "supervisor",
        lambda w, obj, u: petitions.identity_request_approve(user=u, access_request=obj),
        {"inspector2"},
        ("信〔", "举报人身份的申请已批准"),
    ),
    "recommendation.issue": (
        lambda w: draft_recommendation(w["people"]["inspector"], department=w["dept_a"]),
        "inspector",
        lambda w, obj, u: recs.recommendation_issue(user=u, rec=obj),
        {"office_a", "office_a2"},
        ("纪律检查建议书", "〔", "号已制发"),
    ),
    "recommendation.reply": (
        lambda w: issued_recommendation(w["people"]["inspector"], department=w["dept_a"]),
        "office_a",
        lambda w, obj, u: recs.recommendation_reply(user=u, rec=obj, reply_text="已完善制度"),
        {"inspector"},
        ("纪律检查建议书", "〔", "回复"),
    ),
}


def _told(after_id=0):
    return {
        n.user.username: n
        for n in Notification.objects.filter(id__gt=after_id, reminder__source__startswith="workflow.").select_related(
            "user"
        )
    }


def _last_id():
    return Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("event", sorted(STEPS))
def test_each_step_reaches_exactly_who_acts_next(w, event, django_capture_on_commit_callbacks):
    prepare, actor, step, expected, words = STEPS[event]
    obj = prepare(w)
    before = _last_id()
    with django_capture_on_commit_callbacks(execute=False):
        step(w, obj, w["people"][actor])
    told = _told(before)
    assert set(told) == expected, event
    assert actor not in told
    reminders = Reminder.objects.filter(source=f"workflow.{event}")
    assert reminders.count() == len(expected)
    for notification in told.values():
        for word in words:
            assert word in notification.title, (event, notification.title)
        text = notification.title + notification.body + "".join(reminders.values_list("text", flat=True))
        for secret in (REPORTER.name, REPORTER.phone, SUMMARY, "措施内容不应出现"):
            assert secret not in text
        assert notification.link.startswith("/")
        assert str(reminders.first().object_id) in notification.link


@pytest.mark.parametrize("event", sorted(STEPS))
def test_a_rolled_back_step_tells_nobody(w, event):
    prepare, actor, step, expected, words = STEPS[event]
    obj = prepare(w)
    before = _last_id()
    with pytest.raises(RuntimeError), transaction.atomic():
        step(w, obj, w["people"][actor])
        raise RuntimeError("the request failed after the step")
    assert _told(before) == {}
    assert not Reminder.objects.filter(source=f"workflow.{event}").exists()


def test_the_subject_of_a_petition_is_never_told(w, dept_a):
    inspector, office_a2 = w["people"]["inspector"], w["people"]["office_a2"]
    petition = accepted(inspector, subject_person=office_a2.person_obj)
    petitions.petition_transfer(user=inspector, petition=petition, department=dept_a, summary="请核查")
    assert set(_told()) == {"office_a"}


def test_a_recused_supervisor_hears_nothing_of_an_extension(w):
    from petitions.models import PetitionRecusal

    inspector, supervisor2 = w["people"]["inspector"], w["people"]["supervisor2"]
    petition = accepted(inspector, kind=Kind.PETITION)
    PetitionRecusal.objects.create(petition=petition, person=supervisor2.person_obj)
    petitions.extension_request(user=inspector, petition=petition, days=15, reason="情况复杂")
    assert set(_told()) == {"supervisor"}


def test_reviewers_follow_the_sign_off_setting(w, settings):
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = False
    _submitted(w)
    assert set(_told()) == {"supervisor", "supervisor2"}


def test_the_next_digest_carries_the_step(w, settings, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _submitted(w)
    items = OutboxItem.objects.filter(reminder__source="workflow.measure.submit")
    # only people with an address get a digest; the bell reached all four
    assert {i.message.recipient.user.username for i in items} == {"inspector2", "supervisor2"}
    message = items.get(message__recipient=w["people"]["supervisor2"].person_obj).message
    # send it inside the delivery window, whatever the hour the test runs at
    send_due(now=message.not_before)
    mail = next(m for m in mailoutbox if m.to == ["s2@example.org"])
    assert "第二轮巡察 · 问题3-措施2 申请销号，请审核" in mail.body


def test_a_steps_queries_do_not_grow_with_its_recipients(w, django_assert_max_num_queries):
    measure = w["measure"]
    rectification.progress_add(user=w["people"]["office_a"], measure=measure, text="进展", files=[])
    # notify_step alone: candidates 1, roles/memberships/heads 3, visibility UNION 1, reminders
    # insert + read back 2, notifications 1, digests (settings, calendar, people, two outbox
    # writes and a lock, items) ~8 — the same for 4 recipients or 40.
    for i in range(30):
        make_user(Role.SUPERVISOR, username=f"extra{i}", email=f"x{i}@example.org")
    measure.refresh_from_db()
    measure.submitted_by_id = w["people"]["office_a"].pk
    with django_assert_max_num_queries(20):
        told = notify_step("measure.submit", measure, actor=w["people"]["office_a"])
    assert told == 4 + 30
