"""Closing a petition: 办结 with its outcomes, 告知/反馈, 延期, and corrections before acceptance."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from core.outcomes import OutcomeKind
from petitions import services
from petitions.models import Kind, Petition, PetitionEvent, PetitionOutcome, Status
from tests.factories import PersonFactory
from tests.petitions.factories import accepted, handling, register

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


# -- 办结 and outcomes ------------------------------------------------------------------------------------


def test_conclusion_counts_each_person_once_per_outcome_kind(inspector, dept_a):
    person = PersonFactory(name="被处理人乙")
    petition = handling(inspector)
    outcomes = [
        {"kind": OutcomeKind.CRITICISM, "person": person},
        {"kind": OutcomeKind.REMINDER_TALK, "person": person},
        {"kind": OutcomeKind.DEADLINE_IMPROVEMENT, "department": dept_a},
    ]

    petition = services.petition_conclude(user=inspector, petition=petition, result="批评教育", outcomes=outcomes)

    assert {(o.kind, o.person_id, o.department_id, o.form) for o in petition.outcomes.all()} == {
        (OutcomeKind.CRITICISM, person.pk, None, 1),
        (OutcomeKind.REMINDER_TALK, person.pk, None, 1),
        (OutcomeKind.DEADLINE_IMPROVEMENT, None, dept_a.pk, 1),
    }
    with transaction.atomic(), pytest.raises(IntegrityError):
        PetitionOutcome.objects.create(
            petition=petition,
            kind=OutcomeKind.CRITICISM,
            person=person,
            decided_on=timezone.localdate(),
            created_by=inspector,
        )


def test_duplicate_outcomes_are_a_clear_error(inspector):
    person = PersonFactory(name="被处理人丙")
    petition = handling(inspector)
    with pytest.raises(ApplicationError) as exc:
        services.petition_conclude(
            user=inspector,
            petition=petition,
            result="结",
            outcomes=[
                {"kind": OutcomeKind.CRITICISM, "person": person},
                {"kind": OutcomeKind.CRITICISM, "person": person},
            ],
        )
    assert "outcomes" in exc.value.detail
    assert Petition.objects.get(pk=petition.pk).status == Status.HANDLING


# -- 告知 / 反馈 --------------------------------------------------------------------------------------------


def test_repeat_accusations_are_not_notified_again(inspector):
    original = register(inspector, kind=Kind.ACCUSATION)
    repeat = accepted(inspector, kind=Kind.ACCUSATION, repeat_of=original)
    assert repeat.is_repeat and repeat.notify_due is None
    with pytest.raises(ApplicationError) as exc:
        services.petition_notify(user=inspector, petition=repeat, method="phone")
    assert "重复" in exc.value.message


def test_a_repeat_complaint_is_still_notified(inspector):
    # the exemption is the 检举控告工作规则's; the unit's 投诉 rule has none
    original = register(inspector)
    repeat = accepted(inspector, repeat_of=original)
    assert repeat.is_repeat and repeat.notify_due is not None
    repeat = services.petition_notify(user=inspector, petition=repeat, method="phone")
    assert repeat.notified_on == timezone.localdate()


def test_anonymous_reports_cannot_be_notified(inspector):
    petition = accepted(inspector, informant=None, is_named=False)
    with pytest.raises(ApplicationError):
        services.petition_notify(user=inspector, petition=petition, method="phone")


def test_notify_and_feedback_record_date_and_how_once(inspector):
    petition = accepted(inspector)
    petition = services.petition_notify(user=inspector, petition=petition, method="phone")
    assert (petition.notify_method, petition.notified_by) == ("phone", inspector)
    with pytest.raises(ApplicationError):
        services.petition_notify(user=inspector, petition=petition, method="phone")

    petition = services.petition_handle(user=inspector, petition=petition)
    petition = services.petition_conclude(user=inspector, petition=petition, result="已处理")
    petition = services.petition_feedback(user=inspector, petition=petition, method="written", note="无异议")
    assert petition.feedback_note == "无异议" and petition.feedback_on is not None
    assert petition.is_closed


def test_a_step_cannot_be_dated_in_the_future(inspector):
    with pytest.raises(ApplicationError) as exc:
        services.petition_notify(
            user=inspector, petition=accepted(inspector), method="phone", on=timezone.localdate() + dt.timedelta(days=3)
        )
    assert "on" in exc.value.detail


# -- 延期 ------------------------------------------------------------------------------------------------------


def test_one_extension_up_to_the_rule_maximum_approved_by_a_supervisor(inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    original = petition.conclude_due

    with pytest.raises(ApplicationError) as exc:
        services.extension_request(user=inspector, petition=petition, days=31, reason="复杂")
    assert "days" in exc.value.detail

    extension = services.extension_request(user=inspector, petition=petition, days=30, reason="情况复杂")
    with pytest.raises(PermissionDeniedError):
        services.extension_approve(user=inspector, extension=extension)

    services.extension_approve(user=supervisor, extension=extension, note="同意")

    petition.refresh_from_db()
    assert petition.conclude_due > original and petition.conclude_due_original == original
    assert petition.conclude_due_manual
    with pytest.raises(InvalidTransitionError):
        services.extension_request(user=inspector, petition=petition, days=5, reason="再延")


def test_a_supervisor_cannot_approve_their_own_extension(supervisor):
    petition = accepted(supervisor, kind=Kind.PETITION)
    extension = services.extension_request(user=supervisor, petition=petition, days=10, reason="复杂")
    with pytest.raises(InvalidTransitionError):
        services.extension_approve(user=supervisor, extension=extension)


def test_a_refused_extension_keeps_the_date(inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    extension = services.extension_request(user=inspector, petition=petition, days=10, reason="复杂")
    with pytest.raises(ApplicationError):
        services.extension_refuse(user=supervisor, extension=extension, note="")
    services.extension_refuse(user=supervisor, extension=extension, note="理由不充分")
    petition.refresh_from_db()
    assert petition.conclude_due_original is None and not petition.conclude_due_manual
    with pytest.raises(InvalidTransitionError) as again:
        services.extension_approve(user=supervisor, extension=extension)
    assert again.value.message == "该延期申请已审批（不予批准），不能再审批"  # once "已不予批准"


# -- corrections -------------------------------------------------------------------------------------------


def test_intake_facts_are_corrected_only_before_acceptance_and_dues_follow(inspector):
    petition = register(inspector, kind=Kind.COMPLAINT)
    petition = services.petition_update(user=inspector, petition=petition, reason="登记有误", kind=Kind.SUGGESTION)
    assert petition.notify_due is None  # 意见建议 owe no 告知
    assert "类别" in petition.events.order_by("-id").first().note

    petition = services.petition_accept(user=inspector, petition=petition)
    with pytest.raises(ApplicationError) as exc:
        services.petition_update(user=inspector, petition=petition, reason="登记有误", kind=Kind.COMPLAINT)
    assert "kind" in exc.value.detail
    petition = services.petition_update(user=inspector, petition=petition, reason="登记有误", summary="更正后的摘要")
    assert petition.summary == "更正后的摘要"
