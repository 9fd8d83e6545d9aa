"""Deadline rules by kind, 实名 and 重复 (DOMAIN.md §3), stored on the petition with their warnings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.calendar import LIBRARY_LAST_YEAR
from deadlines.models import DeadlineRule
from petitions import services
from petitions.models import Channel, Kind, Petition, RestrictedReason
from tests.petitions.factories import REPORTER, register

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
# Friday before the 2025 National Day holiday: Sunday 28 Sep and Saturday 11 Oct are 调休 working days.
FRI_0926 = dt.datetime(2025, 9, 26, 10, 0, tzinfo=TZ)


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("kind", "named", "repeat", "expected"),
    [
        # 实名检举控告: 15 工作日 from receipt, across the holiday and its 调休 days
        (Kind.ACCUSATION, True, False, dt.date(2025, 10, 23)),
        # 信访: 15 日; the last day (Sat 11 Oct) is a 调休 working day, so it stays
        (Kind.PETITION, True, False, dt.date(2025, 10, 11)),
        # 投诉 (the unit's own rule): 7 工作日
        (Kind.COMPLAINT, True, False, dt.date(2025, 10, 13)),
        # 意见建议 owe no 告知
        (Kind.SUGGESTION, True, False, None),
        # only the 检举控告工作规则 exempts a repeat report from 告知; a repeat 信访 or 投诉
        # is told as any other (neither the 信访工作条例 nor the unit's rule says otherwise)
        (Kind.ACCUSATION, True, True, None),
        (Kind.PETITION, True, True, dt.date(2025, 10, 11)),
        (Kind.COMPLAINT, True, True, dt.date(2025, 10, 13)),
        # anonymous reporters cannot be told
        (Kind.ACCUSATION, False, False, None),
        (Kind.PETITION, False, False, None),
    ],
)
def test_notify_due_by_kind_named_and_repeat(inspector, kind, named, repeat, expected):
    petition = register(
        inspector,
        kind=kind,
        is_named=named,
        is_repeat=repeat,
        informant=REPORTER if named else None,
        received_at=FRI_0926,
    )
    assert petition.notify_due == expected
    assert petition.notify_due_warning == ""
    assert petition.next_due == expected


def test_petition_conclude_due_counts_sixty_days_from_acceptance(inspector):
    petition = register(inspector, kind=Kind.PETITION, received_at=FRI_0926)
    assert petition.conclude_due is None  # not before acceptance

    petition = services.petition_accept(user=inspector, petition=petition, at=at(2025, 9, 29))

    assert petition.conclude_due == dt.date(2025, 11, 28)


@pytest.mark.parametrize("kind", [Kind.ACCUSATION, Kind.COMPLAINT, Kind.SUGGESTION])
def test_only_petitions_have_a_conclusion_period(inspector, kind):
    petition = services.petition_accept(user=inspector, petition=register(inspector, kind=kind, received_at=FRI_0926))
    assert petition.conclude_due is None


@pytest.mark.parametrize("repeat", [False, True])
def test_named_accusation_feedback_due_fifteen_workdays_from_conclusion(inspector, repeat):
    petition = register(inspector, kind=Kind.ACCUSATION, is_repeat=repeat, received_at=FRI_0926)
    petition = services.petition_accept(user=inspector, petition=petition, at=at(2025, 9, 29))
    petition = services.petition_handle(user=inspector, petition=petition, at=at(2025, 9, 30))

    petition = services.petition_conclude(
        user=inspector, petition=petition, result="查无实据", concluded_on=dt.date(2025, 10, 20)
    )

    # The rule exempts repeat reports from 告知 only; the result is still fed back.
    assert petition.feedback_due == dt.date(2025, 11, 10)


def test_anonymous_accusation_owes_no_feedback(inspector):
    petition = register(inspector, kind=Kind.ACCUSATION, informant=None, is_named=False, received_at=FRI_0926)
    petition = services.petition_handle(
        user=inspector, petition=services.petition_accept(user=inspector, petition=petition)
    )
    petition = services.petition_conclude(user=inspector, petition=petition, result="了结")
    assert petition.feedback_due is None
    assert petition.next_due is None
    assert petition.is_closed


def test_restricted_accusation_is_due_upward_in_five_workdays_and_owes_no_notice(inspector):
    petition = register(
        inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR, received_at=FRI_0926
    )
    assert petition.escalate_due == dt.date(2025, 10, 10)
    assert petition.notify_due is None
    assert petition.next_due == dt.date(2025, 10, 10)


def test_referred_accusation_must_be_accepted_within_five_workdays(inspector):
    petition = register(inspector, kind=Kind.ACCUSATION, channel=Channel.REFERRAL, received_at=FRI_0926)
    assert petition.accept_due == dt.date(2025, 10, 10)
    assert petition.next_due == dt.date(2025, 10, 10)

    petition = services.petition_accept(user=inspector, petition=petition, at=at(2025, 9, 29))

    # Accepted: the acceptance period is met, the 告知 period (23 Oct) is what remains.
    assert petition.next_due == dt.date(2025, 10, 23)


def test_transfer_reply_due_five_workdays_from_transfer(inspector, dept_a):
    petition = services.petition_accept(
        user=inspector, petition=register(inspector, received_at=FRI_0926), at=at(2025, 9, 26, 11)
    )
    petition = services.petition_transfer(
        user=inspector, petition=petition, department=dept_a, summary="请核查", at=at(2025, 9, 26, 16)
    )
    assert petition.transfer_due == dt.date(2025, 10, 10)


def test_next_due_follows_what_is_still_owed(inspector):
    petition = register(inspector, kind=Kind.PETITION, received_at=FRI_0926)
    petition = services.petition_accept(user=inspector, petition=petition, at=at(2025, 9, 29))
    assert petition.next_due == dt.date(2025, 10, 11)  # 告知 first

    with time_machine.travel(at(2025, 10, 9), tick=False):
        petition = services.petition_notify(user=inspector, petition=petition, method="written")

    assert petition.next_due == dt.date(2025, 11, 28)  # then 办结
    assert Petition.objects.get(pk=petition.pk).next_due_unit == "day"


def test_dates_beyond_the_known_calendar_carry_a_warning(inspector):
    # Received in December of the library's last year: 15 工作日 run into an unknown year.
    moment = at(LIBRARY_LAST_YEAR, 12, 24)
    with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
        petition = register(inspector, kind=Kind.ACCUSATION, received_at=moment)

    assert petition.notify_due.year == LIBRARY_LAST_YEAR + 1
    assert str(LIBRARY_LAST_YEAR + 1) in petition.notify_due_warning


def test_rule_change_recomputes_open_petitions_but_keeps_an_extension(
    inspector, supervisor, django_capture_on_commit_callbacks
):
    complaint = register(inspector, kind=Kind.COMPLAINT, received_at=FRI_0926)
    letter = services.petition_accept(
        user=inspector, petition=register(inspector, kind=Kind.PETITION, received_at=FRI_0926), at=at(2025, 9, 29)
    )
    extension = services.extension_request(user=inspector, petition=letter, days=30, reason="情况复杂")
    services.extension_approve(user=supervisor, extension=extension)

    with django_capture_on_commit_callbacks(execute=True):
        rule = DeadlineRule.objects.get(code="complaint-notify")
        rule.amount = 5
        rule.save()
        conclude = DeadlineRule.objects.get(code="petition-conclude")
        conclude.amount = 30
        conclude.save()

    complaint.refresh_from_db()
    letter.refresh_from_db()
    assert complaint.notify_due == dt.date(2025, 10, 10)
    assert complaint.next_due == dt.date(2025, 10, 10)
    assert complaint.history.first().history_change_reason.startswith("期限规则")
    assert letter.conclude_due == dt.date(2025, 12, 29)  # the approved extension is kept
    assert letter.conclude_due_original == dt.date(2025, 11, 28)
