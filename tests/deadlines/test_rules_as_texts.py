"""The rules as the texts stand (issue 12): citations, the new rules wired to their events,
reminded by the ladder and shown with their basis; the repeat exemption only where a text has it.

Due dates are computed from fixed past events (2024–2025, inside the holiday library), so the
expected dates hold whatever day the suite runs; reminders move the clock with time-machine.
"""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse

from core.errors import ApplicationError
from deadlines.defaults import DEFAULT_RULES
from deadlines.models import DeadlineRule
from discipline.models import Clue
from discipline.services import clues as clue_services
from petitions import services
from petitions.deadlines import rule_for_field
from petitions.models import Category, Channel, Kind, RestrictedReason, Status
from rectification.services.structure import round_create, round_update
from reminders.models import Reminder
from reminders.scan import run_scan
from tests.discipline.factories import register_clue
from tests.factories import PersonFactory
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
# Friday before the 2025 National Day holiday: Sun 28 Sep and Sat 11 Oct are 调休 working days.
FRI_0926 = dt.datetime(2025, 9, 26, 10, 0, tzinfo=TZ)


def at(day, hour=10):
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def reminded(source, obj):
    return Reminder.objects.filter(source=source, object_id=obj.pk).exists()


# -- the rules table -------------------------------------------------------------------------


NEW_RULES = {
    "accusation-direct": ("第十五条", "receipt"),
    "petition-objection": ("《信访工作条例》（2022）第二十三条", "receipt"),
    "petition-review-request": ("《信访工作条例》（2022）第三十五条", "opinion"),
    "petition-review": ("《信访工作条例》（2022）第三十五条", "request"),
    "petition-recheck-request": ("《信访工作条例》（2022）第三十六条", "review_opinion"),
    "petition-recheck": ("《信访工作条例》（2022）第三十六条", "request"),
    "inquiry-conclude": ("监督执纪工作规则", "talk_or_reply"),
    "accusation-quarterly-feedback": ("《纪检监察机关处理检举控告工作规则》（2020）第十八条", "quarter"),
    "round-leader-report": ("主要负责人组织落实整改情况报告", "feedback"),
}


@pytest.mark.parametrize(("code", "expected"), NEW_RULES.items())
def test_each_new_rule_is_a_row_with_its_event_and_basis(code, expected):
    basis, event = expected
    rule = DeadlineRule.objects.get(code=code)
    assert basis in rule.legal_basis and rule.event == event and rule.is_active


def test_no_rule_cites_the_2015_xunshi_numbering_and_unread_numbers_say_so():
    bases = dict(DeadlineRule.objects.values_list("code", "legal_basis"))
    assert not any("2015" in text for text in bases.values())
    for code in ("round-report", "round-leader-report", "inspection-clue-feedback"):
        assert "《中国共产党巡视工作条例》（2024年修订）" in bases[code] and "待核" in bases[code]
    assert "待核" in bases["accusation-notify"] and "待核" in bases["inquiry-conclude"]


def test_the_migration_brings_an_old_install_in_step_and_keeps_an_admins_wording():
    migration = importlib.import_module("deadlines.migrations.0003_rules_as_texts_stand")
    # given an install seeded before: 2015 citations, no new rules, one basis reworded by an admin
    DeadlineRule.objects.filter(code="round-report").update(legal_basis="《中国共产党巡视工作条例》（2015）第二十七条")
    DeadlineRule.objects.filter(code="inspection-clue-feedback").update(legal_basis="本单位自定")
    DeadlineRule.objects.filter(code__in=NEW_RULES).delete()
    # when the data migration runs
    migration.forward(apps, None)
    # then the default text is replaced, the admin's is kept, and every new rule exists as seeded
    assert (
        DeadlineRule.objects.get(code="round-report").legal_basis == {r[0]: r[7] for r in DEFAULT_RULES}["round-report"]
    )
    assert DeadlineRule.objects.get(code="inspection-clue-feedback").legal_basis == "本单位自定"
    assert set(DeadlineRule.objects.filter(code__in=NEW_RULES).values_list("code", flat=True)) == set(NEW_RULES)


# -- 径送: reports about the unit's principal leader -------------------------------------------


def test_a_report_about_the_principal_leader_is_sent_on_directly_without_the_five_day_window(inspector):
    leader_case = register(
        inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.PRINCIPAL_LEADER, received_at=FRI_0926
    )
    superior_case = register(
        inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR, received_at=FRI_0926
    )
    assert rule_for_field(leader_case, "escalate_due") == "accusation-direct"
    # 1 工作日 (the local default for 径送): Sunday 28 Sep is a 调休 working day
    assert leader_case.escalate_due == D(2025, 9, 28)
    assert rule_for_field(superior_case, "escalate_due") == "accusation-escalate"
    assert superior_case.escalate_due == D(2025, 10, 10)


def test_the_direct_sending_is_reminded_and_shows_its_basis(inspector, api_as, time_machine):
    petition = register(
        inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.PRINCIPAL_LEADER, received_at=FRI_0926
    )
    rows = api_as(inspector).get(reverse("petition-detail", args=[petition.pk])).json()["deadlines"]
    row = next(r for r in rows if r["key"] == "escalate_due")
    assert row["rule"] == "accusation-direct" and "径送" in row["legal_basis"] and row["outstanding"]
    time_machine.move_to(at(D(2025, 9, 29)), tick=False)
    run_scan()
    assert reminded("petition.escalate", petition)


# -- 转送/交办 items outside the unit's remit: 异议 ----------------------------------------------


def test_an_item_outside_the_remit_owes_an_objection_in_five_workdays_not_a_notice(inspector):
    petition = register(
        inspector, kind=Kind.PETITION, channel=Channel.REFERRAL, outside_remit=True, received_at=FRI_0926
    )
    # 9-28(调休) 9-29 9-30 10-09 10-10
    assert petition.objection_due == D(2025, 10, 10)
    assert petition.notify_due is None  # 第二十三条: 告知 for items within the remit, 异议 for the others
    assert petition.next_due == D(2025, 10, 10)

    petition = services.petition_object(
        user=inspector, petition=petition, reason="属于市场监管部门职责", on=D(2025, 9, 29)
    )

    assert petition.objection_on == D(2025, 9, 29) and petition.status == Status.REJECTED
    assert petition.next_due is None and petition.is_closed
    assert "提出异议" in petition.reject_reason


def test_the_objection_is_reminded_and_shows_its_basis(inspector, api_as, time_machine):
    petition = register(
        inspector, kind=Kind.COMPLAINT, channel=Channel.HOTLINE, outside_remit=True, received_at=FRI_0926
    )
    rows = api_as(inspector).get(reverse("petition-detail", args=[petition.pk])).json()["deadlines"]
    row = next(r for r in rows if r["key"] == "objection_due")
    assert row["legal_basis"] == "《信访工作条例》（2022）第二十三条" and row["period"] == "5工作日"
    time_machine.move_to(at(D(2025, 10, 13)), tick=False)
    run_scan()
    assert reminded("petition.objection", petition)


def test_outside_remit_only_for_referred_non_accusations(inspector, api_as):
    with pytest.raises(ApplicationError) as exc:
        register(inspector, kind=Kind.ACCUSATION, channel=Channel.REFERRAL, outside_remit=True)
    assert "outside_remit" in exc.value.detail
    body = {
        "received_at": FRI_0926.isoformat(),
        "channel": Channel.LETTER,
        "kind": Kind.COMPLAINT,
        "outside_remit": True,
        "category": Category.objects.filter(is_active=True).first().pk,
        "summary": "摘要",
    }
    response = api_as(inspector).post(reverse("petition-list"), body, format="json")
    assert response.status_code == 400 and "outside_remit" in response.json()["detail"]


def test_only_a_marked_item_can_be_objected_to(inspector):
    petition = register(inspector, channel=Channel.REFERRAL, received_at=FRI_0926)
    with pytest.raises(ApplicationError) as exc:
        services.petition_object(user=inspector, petition=petition, reason="不属本单位", on=D(2025, 9, 29))
    assert "outside_remit" in exc.value.detail


# -- 复查 / 复核 ---------------------------------------------------------------------------------


def _concluded_petition(user):
    petition = register(user, kind=Kind.PETITION, received_at=at(D(2025, 10, 9)))
    petition = services.petition_accept(user=user, petition=petition, at=at(D(2025, 10, 10)))
    petition = services.petition_notify(user=user, petition=petition, method="phone", on=D(2025, 10, 10))
    petition = services.petition_handle(user=user, petition=petition, at=at(D(2025, 10, 10), 11))
    return services.petition_conclude(user=user, petition=petition, result="不予支持", concluded_on=D(2025, 10, 20))


def test_review_and_recheck_count_thirty_days_from_their_events(inspector):
    petition = _concluded_petition(inspector)
    # the reporter's window (30 日 from the 处理意见书) is shown but owed by nobody here
    assert petition.review_request_due == D(2025, 11, 19)
    assert petition.next_due is None and petition.is_closed

    petition = services.petition_review_request(user=inspector, petition=petition, stage="review", on=D(2025, 11, 3))
    assert petition.review_due == D(2025, 12, 3) and petition.next_due == D(2025, 12, 3)
    assert not petition.is_closed

    petition = services.petition_review_answer(
        user=inspector, petition=petition, stage="review", opinion="维持原处理意见", on=D(2025, 11, 20)
    )
    # 30 日 after the 复查意见 is Saturday 12-20: the window ends on Monday 12-22
    assert petition.recheck_request_due == D(2025, 12, 22)
    assert petition.next_due is None

    petition = services.petition_review_request(user=inspector, petition=petition, stage="recheck", on=D(2025, 12, 1))
    assert petition.recheck_due == D(2025, 12, 31) and petition.next_due == D(2025, 12, 31)
    petition = services.petition_review_answer(
        user=inspector, petition=petition, stage="recheck", opinion="维持复查意见", on=D(2025, 12, 10)
    )
    assert petition.next_due is None and petition.is_closed


def test_a_recheck_needs_a_review_opinion_and_only_a_petition_is_reviewed(inspector):
    petition = _concluded_petition(inspector)
    with pytest.raises(ApplicationError) as exc:
        services.petition_review_request(user=inspector, petition=petition, stage="recheck", on=D(2025, 11, 3))
    assert "stage" in exc.value.detail
    complaint = register(inspector, kind=Kind.COMPLAINT, received_at=at(D(2025, 10, 9)))
    complaint = services.petition_accept(user=inspector, petition=complaint, at=at(D(2025, 10, 10)))
    complaint = services.petition_handle(user=inspector, petition=complaint, at=at(D(2025, 10, 10), 11))
    complaint = services.petition_conclude(
        user=inspector, petition=complaint, result="已处理", concluded_on=D(2025, 10, 20)
    )
    assert complaint.review_request_due is None
    with pytest.raises(ApplicationError):
        services.petition_review_request(user=inspector, petition=complaint, stage="review", on=D(2025, 11, 3))


def test_the_review_is_reminded_the_window_never_is_and_both_show_their_basis(inspector, api_as, time_machine):
    petition = _concluded_petition(inspector)
    client = api_as(inspector)
    response = client.post(
        reverse("petition-review-request", args=[petition.pk]), {"stage": "review", "on": "2025-11-03"}, format="json"
    )
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.json()["deadlines"]}
    assert rows["review_request_due"]["window"] and "第三十五条" in rows["review_request_due"]["legal_basis"]
    assert rows["review_due"]["outstanding"] and not rows["review_due"]["window"]
    assert rows["review_due"]["legal_basis"] == "《信访工作条例》（2022）第三十五条"
    # a stage that is neither 复查 nor 复核 is a 400 naming the field
    bad = client.post(reverse("petition-review-answer", args=[petition.pk]), {"stage": "x", "opinion": "y"})
    assert bad.status_code == 400 and "stage" in bad.json()["detail"]

    time_machine.move_to(at(D(2025, 12, 4)), tick=False)
    run_scan()
    assert reminded("petition.review", petition)
    assert not Reminder.objects.filter(source__contains="request", object_id=petition.pk).exists()


def test_the_petition_page_shows_the_window_with_its_basis(inspector, client):
    petition = _concluded_petition(inspector)
    client.force_login(inspector)
    page = client.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert "信访人请求复查期限" in page and "《信访工作条例》（2022）第三十五条" in page
    assert "信访人可在此日前请求" in page


# -- 问题线索: 谈话函询 办结 and the quarterly feedback -------------------------------------------


def _walk(clue, user, disposal, *, on, method=""):
    members = [(PersonFactory(), "同意"), (PersonFactory(), "同意")]
    clue = clue_services.clue_assign(user=user, clue=clue, handler=user, date=on)
    clue = clue_services.clue_propose(user=user, clue=clue, disposal=disposal, note="拟办", date=on)
    clue = clue_services.clue_discuss(user=user, clue=clue, members=members, date=on)
    clue = clue_services.clue_approve(user=user, clue=clue, date=on)
    return clue_services.clue_execute(user=user, clue=clue, method=method, date=on)


def _petition_clue(user, day):
    petition = register(user, kind=Kind.ACCUSATION, received_at=at(day))
    return register_clue(user, received_date=day, source=Clue.Source.PETITION, source_petition=petition)


@pytest.mark.parametrize(
    ("concluded", "due"),
    [
        (D(2025, 5, 6), D(2025, 6, 30)),  # the end of the quarter it was concluded in
        (D(2025, 8, 5), D(2025, 9, 30)),
        (D(2024, 5, 6), D(2024, 7, 1)),  # 2024-06-30 is a Sunday: the next working day
    ],
)
def test_a_concluded_report_is_fed_back_to_the_petition_office_by_the_quarter_end(supervisor, concluded, due):
    clue = _walk(_petition_clue(supervisor, concluded), supervisor, Clue.Disposal.CLOSE, on=concluded)
    clue = clue_services.clue_conclude(user=supervisor, clue=clue, result="予以了结", date=concluded)
    assert clue.petition_office_feedback_due_date == due
    assert (clue.due_date, clue.due_kind) == (due, Clue.DueKind.PETITION_OFFICE_FEEDBACK)

    clue = clue_services.clue_feedback(
        user=supervisor, clue=clue, target="petition_office", method="written", note="季度汇总反馈", date=concluded
    )
    assert clue.petition_office_fed_back_on == concluded and clue.due_date is None


def test_a_clue_from_elsewhere_owes_no_quarterly_feedback(supervisor):
    day = D(2025, 5, 6)
    clue = _walk(register_clue(supervisor, received_date=day), supervisor, Clue.Disposal.CLOSE, on=day)
    clue = clue_services.clue_conclude(user=supervisor, clue=clue, result="予以了结", date=day)
    assert clue.petition_office_feedback_due_date is None and clue.due_date is None


def test_the_quarterly_feedback_is_reminded_and_shown_with_its_basis(supervisor, api_as, client, time_machine):
    day = D(2025, 5, 6)
    clue = _walk(_petition_clue(supervisor, day), supervisor, Clue.Disposal.CLOSE, on=day)
    clue = clue_services.clue_conclude(user=supervisor, clue=clue, result="予以了结", date=day)
    rows = api_as(supervisor).get(reverse("clue-detail", args=[clue.pk])).json()["deadlines"]
    row = next(r for r in rows if r["key"] == Clue.DueKind.PETITION_OFFICE_FEEDBACK)
    assert row["legal_basis"] == "《纪检监察机关处理检举控告工作规则》（2020）第十八条" and row["outstanding"]
    client.force_login(supervisor)
    page = client.get(reverse("web:clue-detail", args=[clue.pk])).content.decode()
    assert "向信访举报部门季度反馈" in page and "第十八条" in page

    time_machine.move_to(at(D(2025, 7, 1)), tick=False)
    run_scan()
    assert reminded("clue.quarterly_feedback", clue)


def test_the_talk_inquiry_conclusion_is_reminded_and_shown_with_its_basis(supervisor, api_as, time_machine):
    day = D(2025, 9, 5)
    clue = _walk(
        register_clue(supervisor, received_date=day), supervisor, Clue.Disposal.TALK_INQUIRY, on=day, method="talk"
    )
    rows = api_as(supervisor).get(reverse("clue-detail", args=[clue.pk])).json()["deadlines"]
    row = next(r for r in rows if r["key"] == Clue.DueKind.INQUIRY_CONCLUDE)
    assert row["due_date"] == "2025-10-09" and "监督执纪工作规则" in row["legal_basis"] and "待核" in row["legal_basis"]
    time_machine.move_to(at(D(2025, 10, 10)), tick=False)
    run_scan()
    assert reminded("clue.inquiry_conclude", clue)


# -- 巡察: both reports the 条例 asks for -----------------------------------------------------------


def test_both_reports_are_due_two_months_after_the_feedback_and_reminded(inspector, api_as, time_machine):
    rnd = round_create(user=inspector, name="2025年市委第一巡察组巡察", feedback_date=D(2025, 8, 29))
    assert rnd.report_due_date == rnd.leader_report_due_date == D(2025, 10, 29)
    rules = api_as(inspector).get(reverse("rectification-round-detail", args=[rnd.pk])).json()["deadline_rules"]
    leader = next(r for r in rules if r["code"] == "round-leader-report")
    assert leader["due_date"] == "2025-10-29" and "（2024年修订）" in leader["legal_basis"]

    rnd = round_update(user=inspector, round=rnd, report_submitted_on=D(2025, 10, 20))
    time_machine.move_to(at(D(2025, 10, 30)), tick=False)
    run_scan()
    # the first report is in; the principal leader's report is still owed
    assert reminded("round.leader_report", rnd) and not reminded("round.report", rnd)
