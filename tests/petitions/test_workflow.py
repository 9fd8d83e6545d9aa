"""Every workflow step: who may do it, from which state, and what it records."""

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from petitions import services
from petitions.models import Kind, Petition, PetitionEvent, RestrictedReason, Status
from tests.factories import PersonFactory
from tests.petitions.factories import accepted, category, concluded, handling, register, transferred

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


# -- each step, for each role ------------------------------------------------------------------------


def _accept(user, p, ctx):
    return services.petition_accept(user=user, petition=p)


def _reject(user, p, ctx):
    return services.petition_reject(user=user, petition=p, reason="属于诉讼途径解决的事项")


def _escalate(user, p, ctx):
    return services.petition_escalate(user=user, petition=p, reason=RestrictedReason.SUPERIOR)


def _transfer(user, p, ctx):
    return services.petition_transfer(user=user, petition=p, department=ctx["dept"], summary="请核查服务态度")


def _handle(user, p, ctx):
    return services.petition_handle(user=user, petition=p)


def _conclude(user, p, ctx):
    return services.petition_conclude(user=user, petition=p, result="已批评教育")


def _notify(user, p, ctx):
    return services.petition_notify(user=user, petition=p, method="phone")


def _feedback(user, p, ctx):
    return services.petition_feedback(user=user, petition=p, method="written", note="举报人无异议")


def _extend(user, p, ctx):
    return services.extension_request(user=user, petition=p, days=10, reason="需要补充调查")


# step, builder (inspector, ctx) -> petition in the right state, expected status after, event
STEPS = {
    "accept": (_accept, lambda u, c: register(u), Status.ACCEPTED, E.ACCEPT),
    "reject": (_reject, lambda u, c: register(u), Status.REJECTED, E.REJECT),
    "escalate": (_escalate, lambda u, c: register(u, kind=Kind.ACCUSATION), Status.ESCALATED, E.ESCALATE),
    "transfer": (_transfer, lambda u, c: accepted(u), Status.TRANSFERRED, E.TRANSFER),
    "handle": (_handle, lambda u, c: accepted(u), Status.HANDLING, E.HANDLE),
    "conclude": (_conclude, lambda u, c: handling(u), Status.CONCLUDED, E.CONCLUDE),
    "notify": (_notify, lambda u, c: accepted(u), Status.ACCEPTED, E.NOTIFY),
    "feedback": (_feedback, lambda u, c: concluded(u), Status.CONCLUDED, E.FEEDBACK),
    "extension": (_extend, lambda u, c: accepted(u, kind=Kind.PETITION), Status.ACCEPTED, E.EXTENSION_REQUEST),
}


@pytest.fixture
def ctx(dept_b):
    return {"dept": dept_b}


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("role", ["inspector", "supervisor"])
def test_discipline_staff_can_do_every_step_and_it_is_recorded(request, step, role, inspector, ctx):
    do, build, expected_status, event = STEPS[step]
    user = request.getfixturevalue(role)
    petition = build(inspector, ctx)

    do(user, petition, ctx)

    petition.refresh_from_db()
    assert petition.status == expected_status
    last = petition.events.order_by("-id").first()
    assert (last.action, last.user) == (event, user)
    assert last.at is not None


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("role", ["leader", "office_b", "admin_user"])
def test_leaders_offices_and_admins_cannot_do_any_step(request, step, role, inspector, ctx):
    do, build, _, _ = STEPS[step]
    user = request.getfixturevalue(role)
    petition = build(inspector, ctx)
    before = (petition.status, petition.events.count())

    with pytest.raises((PermissionDeniedError, Http404)):
        do(user, petition, ctx)

    petition.refresh_from_db()
    assert (petition.status, petition.events.count()) == before


def test_registration_is_refused_to_everyone_but_discipline_staff(leader, office_a, admin_user):
    for user in (leader, office_a, admin_user):
        with pytest.raises(PermissionDeniedError):
            register(user)
    assert Petition.objects.count() == 0


def test_each_step_stores_who_and_when(inspector, supervisor, dept_b):
    petition = accepted(inspector)
    assert petition.accepted_by == inspector and petition.accepted_at is not None
    petition = services.petition_transfer(user=supervisor, petition=petition, department=dept_b, summary="核查")
    assert petition.transferred_by == supervisor and petition.transferred_at is not None
    assert list(petition.events.values_list("action", "user__username")) == [
        (E.REGISTER, "inspector"),
        (E.ACCEPT, "inspector"),
        (E.TRANSFER, "supervisor"),
    ]
    assert petition.history.count() == 3  # registered, accepted, transferred


# -- forbidden transitions ------------------------------------------------------------------------

FORBIDDEN = [
    ("accept", lambda u: accepted(u)),
    ("accept", lambda u: concluded(u)),
    ("reject", lambda u: accepted(u)),
    ("escalate", lambda u: concluded(u, kind=Kind.ACCUSATION)),
    ("transfer", lambda u: register(u)),
    ("transfer", lambda u: handling(u)),
    ("handle", lambda u: register(u)),
    ("handle", lambda u: concluded(u)),
    ("conclude", lambda u: accepted(u)),
    ("conclude", lambda u: register(u)),
    ("notify", lambda u: register(u)),
    ("feedback", lambda u: handling(u)),
    ("extension", lambda u: register(u, kind=Kind.PETITION)),
    ("extension", lambda u: concluded(u, kind=Kind.PETITION)),
]


@pytest.mark.parametrize(("step", "build"), FORBIDDEN)
def test_forbidden_transitions_are_refused_and_change_nothing(step, build, inspector, ctx):
    petition = build(inspector)
    before = (petition.status, petition.events.count())

    with pytest.raises(InvalidTransitionError):
        STEPS[step][0](inspector, petition, ctx)

    petition.refresh_from_db()
    assert (petition.status, petition.events.count()) == before


def test_conclude_before_the_office_replied_is_refused(inspector, dept_a):
    petition = transferred(inspector, dept_a)
    with pytest.raises(InvalidTransitionError):
        services.petition_conclude(user=inspector, petition=petition, result="结")


def test_reject_needs_a_reason(inspector):
    with pytest.raises(ApplicationError) as exc:
        services.petition_reject(user=inspector, petition=register(inspector), reason="  ")
    assert "reason" in exc.value.detail


# -- 转办 rules ---------------------------------------------------------------------------------------


def test_an_accusation_is_never_transferred_to_the_subject_persons_department(inspector, dept_a):
    subject = PersonFactory(name="被反映人甲", departments=[dept_a])
    petition = accepted(inspector, kind=Kind.ACCUSATION, subject_person=subject, category=category("工作纪律"))

    with pytest.raises(ApplicationError) as exc:
        services.petition_transfer(user=inspector, petition=petition, department=dept_a, summary="核查")

    assert exc.value.code == "transfer_to_subject"
    assert "被检举控告人所在部门" in exc.value.message
    assert Petition.objects.get(pk=petition.pk).status == Status.ACCEPTED


def test_an_accusation_is_not_transferred_to_any_office(inspector, dept_b):
    petition = accepted(inspector, kind=Kind.ACCUSATION, category=category("工作纪律"))
    with pytest.raises(ApplicationError) as exc:
        services.petition_transfer(user=inspector, petition=petition, department=dept_b, summary="核查")
    assert exc.value.code == "transfer_not_allowed"


def test_only_service_type_petitions_are_transferred(inspector, dept_b):
    discipline_matter = accepted(inspector, kind=Kind.PETITION, category=category("作风纪律"))
    with pytest.raises(ApplicationError):
        services.petition_transfer(user=inspector, petition=discipline_matter, department=dept_b, summary="核查")

    service_matter = accepted(inspector, kind=Kind.PETITION, category=category("办事效率"))
    services.petition_transfer(user=inspector, petition=service_matter, department=dept_b, summary="核查")
    assert Petition.objects.get(pk=service_matter.pk).status == Status.TRANSFERRED


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.SUGGESTION])
def test_complaints_and_suggestions_are_transferred(inspector, dept_b, kind):
    petition = transferred(inspector, dept_b, kind=kind)
    assert petition.status == Status.TRANSFERRED
    assert petition.transfer_summary == "请核查接线服务态度问题"
    assert petition.transfer_due is not None


def test_transfer_needs_a_summary(inspector, dept_b):
    with pytest.raises(ApplicationError) as exc:
        services.petition_transfer(user=inspector, petition=accepted(inspector), department=dept_b, summary="")
    assert "summary" in exc.value.detail


def test_the_department_replies_and_then_the_office_concludes(inspector, office_a, office_b, dept_a):
    petition = transferred(inspector, dept_a)

    with pytest.raises(Http404):  # another department does not even see it
        services.petition_reply(user=office_b, petition=petition, reply="已处理")
    with pytest.raises(PermissionDeniedError):  # 纪检 staff do not reply for the department
        services.petition_reply(user=inspector, petition=petition, reply="已处理")

    petition = services.petition_reply(user=office_a, petition=petition, reply="已约谈当事接线员并整改")
    assert (petition.status, petition.replied_by) == (Status.REPLIED, office_a)
    assert petition.next_due == petition.notify_due  # reply met; 告知 still owed

    with pytest.raises(InvalidTransitionError):
        services.petition_reply(user=office_a, petition=petition, reply="再次反馈")

    petition = services.petition_conclude(user=inspector, petition=petition, result="部门已整改")
    assert petition.status == Status.CONCLUDED


# -- 报送上级 --------------------------------------------------------------------------------------------


def test_escalation_keeps_only_the_fact_and_time(inspector, dept_a):
    petition = register(inspector, kind=Kind.ACCUSATION, subject_department=dept_a, category=category("工作纪律"))
    services.petition_update(
        user=inspector, petition=petition, reason="登记有误", content="补充的详细内容：某某收受礼金"
    )

    petition = services.petition_escalate(user=inspector, petition=petition, reason=RestrictedReason.PRINCIPAL_LEADER)

    petition.refresh_from_db()
    assert petition.is_restricted and petition.status == Status.ESCALATED
    assert (petition.summary, petition.content, petition.category, petition.informant) == ("", "", None, None)
    assert petition.subject_department is None and petition.escalated_at is not None
    for row in petition.history.all():
        assert row.content == "" and row.summary == "" and row.informant_id is None
    with pytest.raises((InvalidTransitionError, ApplicationError)):
        services.petition_transfer(user=inspector, petition=petition, department=dept_a, summary="x")


def test_a_restricted_petition_cannot_hold_content_even_bypassing_the_services(inspector):
    petition = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Petition.objects.filter(pk=petition.pk).update(content="抄录的内容")


def test_registering_a_restricted_petition_refuses_content(inspector):
    with pytest.raises(ApplicationError) as exc:
        services.petition_register(
            user=inspector,
            received_at=timezone.now(),
            channel="letter",
            kind=Kind.ACCUSATION,
            restricted_reason=RestrictedReason.SUPERIOR,
            content="不应录入的内容",
        )
    assert "content" in exc.value.detail
    assert Petition.objects.count() == 0


def test_only_accusations_are_escalated(inspector):
    with pytest.raises(ApplicationError):
        services.petition_escalate(user=inspector, petition=register(inspector), reason=RestrictedReason.SUPERIOR)
