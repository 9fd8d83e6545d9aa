"""Clue due dates come from the rules table (never literals) and follow the rule's unit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deadlines.calendar import LIBRARY_LAST_YEAR
from deadlines.models import DeadlineRule
from deadlines.services import RECOMPUTE_REASON
from discipline.models import Clue
from discipline.services import clues as services
from tests.discipline.factories import PersonFactory, clue_at, register_clue

pytestmark = pytest.mark.django_db
D = Clue.Disposal


def walk_to_execution(clue, user, disposal, *, on, method=""):
    """Assign → propose → discuss → approve → execute, every step dated ``on``."""
    members = [(PersonFactory(), "同意"), (PersonFactory(), "同意")]
    clue = services.clue_assign(user=user, clue=clue, handler=user, date=on)
    clue = services.clue_propose(user=user, clue=clue, disposal=disposal, note="拟办", date=on)
    clue = services.clue_discuss(user=user, clue=clue, members=members, date=on)
    clue = services.clue_approve(user=user, clue=clue, date=on)
    return services.clue_execute(user=user, clue=clue, method=method, date=on)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),  # 1 个月 from the 31st: the month's last day
        (dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        (dt.date(2025, 9, 1), dt.date(2025, 10, 9)),  # 10-01 is 国庆: the first working day after it
    ],
)
def test_the_disposal_opinion_is_due_one_month_from_receipt(received, due, supervisor):
    clue = register_clue(supervisor, received_date=received)
    assert (clue.disposal_due_date, clue.disposal_due_date_warning) == (due, "")
    assert (clue.due_date, clue.due_kind) == (due, Clue.DueKind.DISPOSAL)


def test_the_inquiry_reply_is_due_fifteen_working_days_after_the_letter(supervisor):
    # given a letter sent on Friday 2025-09-26, before 国庆 and with 调休 working weekend days
    clue = register_clue(supervisor, received_date=dt.date(2025, 9, 1))
    clue = walk_to_execution(clue, supervisor, D.TALK_INQUIRY, on=dt.date(2025, 9, 26), method="letter")
    # then 15 working days: 9-28(调休) 9-29 9-30 10-9 10-10 10-11(调休) 10-13 … 10-23
    assert clue.inquiry_sent_on == dt.date(2025, 9, 26)
    assert clue.inquiry_due_date == dt.date(2025, 10, 23)
    # the disposal deadline closed with the approval; the reply deadline is now the current one
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 10, 23), Clue.DueKind.INQUIRY)
    # and once the reply is in, the reply period is met and the 30-day 办结 runs from the reply
    clue = services.clue_record_inquiry_reply(user=supervisor, clue=clue, date=dt.date(2025, 10, 20))
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 11, 19), Clue.DueKind.INQUIRY_CONCLUDE)


def test_a_talk_starts_no_reply_period_but_the_conclusion_period(supervisor):
    clue = register_clue(supervisor, received_date=dt.date(2025, 9, 1))
    clue = walk_to_execution(clue, supervisor, D.TALK_INQUIRY, on=dt.date(2025, 9, 5), method="talk")
    assert clue.inquiry_due_date is None
    # 30 日 from the talk ends on Sun 10-05, inside 国庆 (10-01…10-08): the first working day after
    assert clue.talk_held_on == dt.date(2025, 9, 5)
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 10, 9), Clue.DueKind.INQUIRY_CONCLUDE)


def test_a_transferred_inspection_clue_is_fed_back_within_three_months(supervisor):
    clue = register_clue(supervisor, received_date=dt.date(2025, 1, 31), source=Clue.Source.INSPECTION)
    assert clue.inspection_feedback_due_date == dt.date(2025, 4, 30)
    # the earlier of the two running deadlines is the current one
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 2, 28), Clue.DueKind.DISPOSAL)
    clue = walk_to_execution(clue, supervisor, D.PRELIMINARY, on=dt.date(2025, 2, 20))
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 4, 30), Clue.DueKind.INSPECTION_FEEDBACK)
    clue = services.clue_feedback(
        user=supervisor,
        clue=clue,
        target="inspection_office",
        method="written",
        note="办理情况",
        date=dt.date(2025, 4, 1),
    )
    assert clue.inspection_fed_back_on == dt.date(2025, 4, 1)
    assert clue.due_date is None


def test_a_deferred_clue_comes_up_for_review_and_each_review_sets_the_next(supervisor):
    clue = register_clue(supervisor, received_date=dt.date(2025, 3, 1))
    clue = walk_to_execution(clue, supervisor, D.DEFER, on=dt.date(2025, 3, 10))
    assert clue.next_review_date == dt.date(2025, 6, 10)  # deferred-review: 3 个月
    assert (clue.due_date, clue.due_kind) == (dt.date(2025, 6, 10), Clue.DueKind.REVIEW)
    clue = services.clue_review(user=supervisor, clue=clue, note="无新情况", date=dt.date(2025, 5, 20))
    assert clue.last_reviewed_on == dt.date(2025, 5, 20)
    assert clue.next_review_date == dt.date(2025, 8, 20)


def test_a_rule_change_recomputes_open_clues_only_and_records_why(supervisor, django_capture_on_commit_callbacks):
    # given one clue awaiting its disposal opinion and one already approved
    waiting = register_clue(supervisor, received_date=dt.date(2025, 1, 31))
    approved = walk_to_execution(
        register_clue(supervisor, received_date=dt.date(2025, 1, 31)),
        supervisor,
        D.PRELIMINARY,
        on=dt.date(2025, 2, 10),
    )
    # when the administrator changes 处置意见 from 1 to 2 months
    rule = DeadlineRule.objects.get(code="clue-disposal")
    rule.amount = 2
    with django_capture_on_commit_callbacks(execute=True):
        rule.save()
    # then the open clue's stored date follows, with the reason in its history; the other keeps its date
    waiting.refresh_from_db()
    approved.refresh_from_db()
    assert waiting.disposal_due_date == dt.date(2025, 3, 31)
    assert (waiting.due_date, waiting.due_kind) == (dt.date(2025, 3, 31), Clue.DueKind.DISPOSAL)
    assert waiting.history.first().history_change_reason == RECOMPUTE_REASON
    assert approved.disposal_due_date == dt.date(2025, 2, 28)


def test_a_due_date_in_a_year_without_a_holiday_schedule_carries_a_warning(supervisor, api_as):
    # given a rule long enough to reach past the last year the holiday library knows
    today = timezone.localdate()
    rule = DeadlineRule.objects.get(code="clue-disposal")
    rule.amount = max(1, (LIBRARY_LAST_YEAR + 1 - today.year) * 12 + 1)
    rule.save()
    # when a clue is registered today
    clue = register_clue(supervisor, received_date=today)
    # then its due date is an estimate and says so, in the API too
    assert clue.disposal_due_date.year > LIBRARY_LAST_YEAR
    assert "节假日安排尚未录入" in clue.disposal_due_date_warning
    body = api_as(supervisor).get(reverse("clue-detail", kwargs={"pk": clue.pk})).json()
    assert body["disposal_due_date_warning"] == clue.disposal_due_date_warning


def test_the_light_is_red_when_overdue_and_grey_when_done(supervisor, api_as):
    overdue = register_clue(supervisor, received_date=timezone.localdate() - dt.timedelta(days=70))
    fresh = register_clue(supervisor, received_date=timezone.localdate())
    done = clue_at(Clue.Status.CONCLUDED, registrar=supervisor, supervisor=supervisor)
    client = api_as(supervisor)
    lights = {row["id"]: row["light"] for row in client.get(reverse("clue-list")).json()["results"]}
    assert lights == {overdue.pk: "red", fresh.pk: "green", done.pk: "grey"}
    red = client.get(reverse("clue-list"), {"light": "red"}).json()["results"]
    assert [row["id"] for row in red] == [overdue.pk]
    assert [row["id"] for row in client.get(reverse("clue-list"), {"overdue": "true"}).json()["results"]] == [
        overdue.pk
    ]
    grey = client.get(reverse("clue-list"), {"light": "grey"}).json()["results"]
    assert [row["id"] for row in grey] == [done.pk]
    assert client.get(reverse("clue-statistics")).json()["overdue"] == 1


def test_the_yellow_window_follows_the_rule_s_unit(supervisor, api_as):
    # given a letter whose reply is due tomorrow-ish (a working-day rule) and a disposal due in 9 days
    today = timezone.localdate()
    letter = register_clue(supervisor, received_date=today - dt.timedelta(days=40))
    letter = walk_to_execution(letter, supervisor, D.TALK_INQUIRY, on=today - dt.timedelta(days=30), method="letter")
    Clue.objects.filter(pk=letter.pk).update(
        inquiry_due_date=today + dt.timedelta(days=9), due_date=today + dt.timedelta(days=9)
    )
    disposal = register_clue(supervisor, received_date=today)
    Clue.objects.filter(pk=disposal.pk).update(
        disposal_due_date=today + dt.timedelta(days=9), due_date=today + dt.timedelta(days=9)
    )
    # then 9 days ahead is yellow for a calendar rule (window 10 days) but green for a
    # working-day rule (window 1 working day)
    client = api_as(supervisor)
    lights = {row["id"]: row["light"] for row in client.get(reverse("clue-list")).json()["results"]}
    assert lights == {letter.pk: "green", disposal.pk: "yellow"}
    yellow = client.get(reverse("clue-list"), {"light": "yellow"}).json()["results"]
    assert [row["id"] for row in yellow] == [disposal.pk]
