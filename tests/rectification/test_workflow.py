"""The measure workflow through the services: every transition, and the forbidden ones."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from deadlines.models import DeadlineRule
from deadlines.services import recompute_due_dates
from rectification import services
from rectification.models import DeadlineKind, Extension, Measure, MeasureReview, MeasureStatus
from tests.rectification.factories import MeasureFactory


def _submitted(measure, office):
    services.progress_add(user=office, measure=measure, text="已印发制度", files=[])
    return services.measure_submit(user=office, measure=measure, note="请审核")


# -- start --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office_a", "inspector", "supervisor"])
def test_start_by_the_department_or_discipline_staff(request, measure_a, who):
    user = request.getfixturevalue(who)
    measure = services.measure_start(user=user, measure=measure_a)
    assert measure.status == MeasureStatus.IN_PROGRESS
    review = MeasureReview.objects.get(measure=measure_a)
    assert (review.action, review.actor) == (MeasureReview.Action.START, user)


@pytest.mark.parametrize("who", ["office_b", "leader", "admin_user"])
def test_start_refused_to_others(request, measure_a, who):
    with pytest.raises(PermissionDeniedError):
        services.measure_start(user=request.getfixturevalue(who), measure=measure_a)
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.NOT_STARTED


def test_start_twice_is_an_invalid_transition(in_progress, office_a):
    with pytest.raises(InvalidTransitionError):
        services.measure_start(user=office_a, measure=in_progress)


def test_co_operating_department_may_start_and_report(measure_co, office_a):
    services.progress_add(user=office_a, measure=measure_co, text="配合部门已完成排查")
    measure_co.refresh_from_db()
    assert measure_co.status == MeasureStatus.IN_PROGRESS
    assert measure_co.progress.get().department.name == "受理一处"


# -- progress -----------------------------------------------------------------------------------


def test_first_progress_starts_the_measure_and_keeps_the_evidence(measure_a, office_a):
    files = [SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes"), SimpleUploadedFile("制度.txt", b"rules")]
    note = services.progress_add(user=office_a, measure=measure_a, text="已召开专题会议", files=files)
    measure_a.refresh_from_db()
    assert measure_a.status == MeasureStatus.IN_PROGRESS
    assert sorted(note.evidence.values_list("original_name", flat=True)) == ["会议纪要.pdf", "制度.txt"]
    assert note.evidence.get(original_name="制度.txt").file.read() == b"rules"
    assert note.history.get().history_user == office_a


def test_progress_refuses_a_disallowed_file_and_writes_nothing(measure_a, office_a):
    with pytest.raises(ApplicationError) as exc:
        services.progress_add(user=office_a, measure=measure_a, text="x", files=[SimpleUploadedFile("a.exe", b"MZ")])
    assert "files" in exc.value.detail
    assert not measure_a.progress.exists()


def test_progress_in_the_future_or_blank_is_refused(measure_a, office_a, today):
    with pytest.raises(ApplicationError):
        services.progress_add(user=office_a, measure=measure_a, text="x", date=today + dt.timedelta(days=1))
    with pytest.raises(ApplicationError):
        services.progress_add(user=office_a, measure=measure_a, text="   ")


@pytest.mark.parametrize("who", ["office_b", "inspector", "supervisor", "leader"])
def test_progress_only_by_the_responsible_offices(request, measure_a, who):
    with pytest.raises(PermissionDeniedError):
        services.progress_add(user=request.getfixturevalue(who), measure=measure_a, text="进展")


def test_no_progress_on_a_signed_off_measure(measure_a, office_a):
    measure_a.status = MeasureStatus.SIGNED_OFF
    measure_a.save()
    with pytest.raises(ApplicationError) as exc:
        services.progress_add(user=office_a, measure=measure_a, text="补充")
    assert exc.value.status == 409


def test_long_term_signed_off_still_takes_progress(problem, dept_a, office_a):
    measure = MeasureFactory(
        problem=problem,
        lead_department=dept_a,
        deadline_kind=DeadlineKind.LONG_TERM,
        due_date=None,
        status=MeasureStatus.LONG_TERM,
    )
    services.progress_add(user=office_a, measure=measure, text="本季度继续落实")
    assert measure.progress.count() == 1


# -- submit ---------------------------------------------------------------------------------------


def test_submit_by_the_lead_office(in_progress, office_a):
    measure = _submitted(in_progress, office_a)
    assert measure.status == MeasureStatus.SUBMITTED
    assert measure.submitted_by == office_a


def test_submit_needs_progress(in_progress, office_a):
    with pytest.raises(InvalidTransitionError):
        services.measure_submit(user=office_a, measure=in_progress)


def test_submit_not_from_not_started(measure_a, office_a):
    with pytest.raises(InvalidTransitionError):
        services.measure_submit(user=office_a, measure=measure_a)


def test_co_operating_office_cannot_submit(measure_co, office_a):
    services.progress_add(user=office_a, measure=measure_co, text="配合完成")
    with pytest.raises(PermissionDeniedError):
        services.measure_submit(user=office_a, measure=measure_co)


@pytest.mark.parametrize("who", ["inspector", "supervisor", "leader"])
def test_staff_do_not_submit_for_the_office(request, in_progress, office_a, who):
    services.progress_add(user=office_a, measure=in_progress, text="x")
    with pytest.raises(PermissionDeniedError):
        services.measure_submit(user=request.getfixturevalue(who), measure=in_progress)


# -- sign-off and return --------------------------------------------------------------------------


def test_supervisor_signs_off(in_progress, office_a, supervisor):
    _submitted(in_progress, office_a)
    measure = services.measure_sign_off(user=supervisor, measure=in_progress, note="材料齐全")
    assert measure.status == MeasureStatus.SIGNED_OFF
    assert measure.closed_at is not None
    review = measure.reviews.get(action=MeasureReview.Action.SIGN_OFF)
    assert (review.actor, review.note) == (supervisor, "材料齐全")
    assert measure.history.first().history_user == supervisor


def test_inspector_signs_off_only_when_the_setting_allows(in_progress, office_a, inspector, settings):
    _submitted(in_progress, office_a)
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = False
    with pytest.raises(PermissionDeniedError):
        services.measure_sign_off(user=inspector, measure=in_progress)
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = True  # read at call time
    assert services.measure_sign_off(user=inspector, measure=in_progress).status == MeasureStatus.SIGNED_OFF


@pytest.mark.parametrize("who", ["office_a", "office_b", "leader", "admin_user"])
def test_others_cannot_sign_off(request, in_progress, office_a, who):
    _submitted(in_progress, office_a)
    with pytest.raises(PermissionDeniedError):
        services.measure_sign_off(user=request.getfixturevalue(who), measure=in_progress)


def test_nobody_signs_off_or_returns_their_own_submission(in_progress, office_and_supervisor, supervisor):
    _submitted(in_progress, office_and_supervisor)
    with pytest.raises(PermissionDeniedError):
        services.measure_sign_off(user=office_and_supervisor, measure=in_progress)
    with pytest.raises(PermissionDeniedError):
        services.measure_return(user=office_and_supervisor, measure=in_progress, reason="自己退回")
    assert services.measure_sign_off(user=supervisor, measure=in_progress).status == MeasureStatus.SIGNED_OFF


def test_sign_off_only_from_submitted(in_progress, supervisor):
    with pytest.raises(InvalidTransitionError):
        services.measure_sign_off(user=supervisor, measure=in_progress)


def test_signed_off_cannot_be_signed_off_or_returned_again(in_progress, office_a, supervisor):
    _submitted(in_progress, office_a)
    services.measure_sign_off(user=supervisor, measure=in_progress)
    with pytest.raises(InvalidTransitionError):
        services.measure_sign_off(user=supervisor, measure=in_progress)
    with pytest.raises(InvalidTransitionError):
        services.measure_return(user=supervisor, measure=in_progress, reason="再退回")


def test_long_term_sign_off_only_for_long_term_measures(problem, dept_a, office_a, supervisor, in_progress):
    long_term = MeasureFactory(
        problem=problem,
        lead_department=dept_a,
        deadline_kind=DeadlineKind.IMMEDIATE_LONG_TERM,
        due_date=None,
        status=MeasureStatus.IN_PROGRESS,
    )
    _submitted(long_term, office_a)
    measure = services.measure_sign_off(user=supervisor, measure=long_term, long_term=True)
    assert measure.status == MeasureStatus.LONG_TERM

    _submitted(in_progress, office_a)
    with pytest.raises(ApplicationError):
        services.measure_sign_off(user=supervisor, measure=in_progress, long_term=True)
    assert Measure.objects.get(pk=in_progress.pk).status == MeasureStatus.SUBMITTED


def test_return_needs_a_reason_and_goes_back_to_in_progress(in_progress, office_a, supervisor):
    _submitted(in_progress, office_a)
    with pytest.raises(ApplicationError):
        services.measure_return(user=supervisor, measure=in_progress, reason=" ")
    measure = services.measure_return(user=supervisor, measure=in_progress, reason="佐证材料不全")
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.submitted_by is None
    assert measure.reviews.get(action=MeasureReview.Action.RETURN).note == "佐证材料不全"
    # and it can be submitted again
    assert services.measure_submit(user=office_a, measure=measure).status == MeasureStatus.SUBMITTED


def test_return_only_from_submitted(in_progress, supervisor):
    with pytest.raises(InvalidTransitionError):
        services.measure_return(user=supervisor, measure=in_progress, reason="x")


# -- extensions --------------------------------------------------------------------------------------


def test_extension_approved_keeps_the_original_visible(in_progress, office_a, supervisor):
    old = in_progress.due_date
    extension = services.extension_request(
        user=office_a, measure=in_progress, reason="需等待上级文件", requested_date=old + dt.timedelta(days=30)
    )
    assert extension.status == Extension.Status.PENDING
    services.extension_approve(user=supervisor, extension=extension, note="同意")
    in_progress.refresh_from_db()
    extension.refresh_from_db()
    assert in_progress.due_date == old + dt.timedelta(days=30)
    assert in_progress.original_due_date == old
    assert in_progress.due_date_manual
    assert (extension.status, extension.decided_by, extension.previous_due_date) == (
        Extension.Status.APPROVED,
        supervisor,
        old,
    )


def test_extension_refused_changes_nothing(in_progress, office_a, supervisor):
    old = in_progress.due_date
    extension = services.extension_request(
        user=office_a, measure=in_progress, reason="x", requested_date=old + dt.timedelta(days=5)
    )
    with pytest.raises(ApplicationError):
        services.extension_refuse(user=supervisor, extension=extension, note="")
    services.extension_refuse(user=supervisor, extension=extension, note="理由不充分")
    in_progress.refresh_from_db()
    assert (in_progress.due_date, in_progress.due_date_manual) == (old, False)
    with pytest.raises(InvalidTransitionError) as refused:
        services.extension_approve(user=supervisor, extension=extension)
    assert refused.value.message == "该延期申请已审批（未批准），不能重复审批"


@pytest.mark.parametrize("who", ["inspector", "leader", "office_a"])
def test_only_a_supervisor_decides_an_extension(request, in_progress, office_a, who):
    extension = services.extension_request(
        user=office_a, measure=in_progress, reason="x", requested_date=in_progress.due_date + dt.timedelta(days=5)
    )
    with pytest.raises(PermissionDeniedError):
        services.extension_approve(user=request.getfixturevalue(who), extension=extension)


def test_nobody_approves_their_own_extension(in_progress, office_and_supervisor):
    extension = services.extension_request(
        user=office_and_supervisor,
        measure=in_progress,
        reason="x",
        requested_date=in_progress.due_date + dt.timedelta(1),
    )
    with pytest.raises(PermissionDeniedError):
        services.extension_approve(user=office_and_supervisor, extension=extension)


def test_extension_request_rules(in_progress, office_a, office_b, problem, dept_a):
    with pytest.raises(ApplicationError):  # not later than the current date
        services.extension_request(user=office_a, measure=in_progress, reason="x", requested_date=in_progress.due_date)
    with pytest.raises(PermissionDeniedError):
        services.extension_request(
            user=office_b, measure=in_progress, reason="x", requested_date=in_progress.due_date + dt.timedelta(1)
        )
    services.extension_request(
        user=office_a, measure=in_progress, reason="x", requested_date=in_progress.due_date + dt.timedelta(1)
    )
    with pytest.raises(ApplicationError):  # one pending at a time
        services.extension_request(
            user=office_a, measure=in_progress, reason="y", requested_date=in_progress.due_date + dt.timedelta(2)
        )
    long_term = MeasureFactory(
        problem=problem, lead_department=dept_a, deadline_kind=DeadlineKind.LONG_TERM, due_date=None
    )
    with pytest.raises(ApplicationError):
        services.extension_request(user=office_a, measure=long_term, reason="x", requested_date=dt.date(2040, 1, 1))


def test_rule_change_recomputes_immediate_measures_but_keeps_approved_extensions(
    rnd, problem, dept_a, inspector, office_a, supervisor, django_capture_on_commit_callbacks
):
    """立行立改 = rule measure-immediate (1 个月) from the feedback date 2021-09-15."""
    plain = services.measure_create(
        user=inspector,
        problem=problem,
        content="立行立改一",
        deadline_kind=DeadlineKind.IMMEDIATE,
        lead_department=dept_a,
    )
    extended = services.measure_create(
        user=inspector,
        problem=problem,
        content="立行立改二",
        deadline_kind=DeadlineKind.IMMEDIATE,
        lead_department=dept_a,
    )
    assert plain.due_date == dt.date(2021, 10, 15)
    ext = services.extension_request(user=office_a, measure=extended, reason="x", requested_date=dt.date(2021, 12, 1))
    services.extension_approve(user=supervisor, extension=ext)

    with django_capture_on_commit_callbacks(execute=True):
        rule = DeadlineRule.objects.get(code="measure-immediate")
        rule.amount = 2
        rule.save()

    plain.refresh_from_db()
    extended.refresh_from_db()
    rnd.refresh_from_db()
    assert plain.due_date == dt.date(2021, 11, 15)
    assert plain.history.first().history_change_reason.startswith("期限规则")
    assert extended.due_date == dt.date(2021, 12, 1)
    assert recompute_due_dates() == 0  # idempotent
