"""Failure 1 of issue 11: an edit at the same moment as a workflow step undoes neither.

For each step of the measure workflow, an inspector's edit and the step run together on
separate database connections. The edit is based on a copy read before the race (as the
API view reads it before calling the service). With a version, the edit either wins
(before the step) or is refused with 409; without one, it writes only its own fields.
Either way the step's effect and every accepted edit are in the row afterwards. Runs on
SQLite and PostgreSQL.
"""

import datetime as dt

import pytest
from django.utils import timezone

from core.concurrency import StaleVersionError
from organization.roles import Role
from rectification import services
from rectification.models import Measure, MeasureStatus
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory

# A true tie, then the edit held back so the step usually commits first.
EDIT_DELAYS = (0, 0.15)


@pytest.fixture
def people(dept_a):
    return {
        "inspector": make_user(Role.INSPECTOR, username="race_inspector", person_name="纪检干部乙"),
        "supervisor": make_user(Role.SUPERVISOR, username="race_supervisor", person_name="纪检组长乙"),
        "office": make_user(Role.OFFICE, departments=[dept_a], username="race_office", person_name="联络员丙"),
    }


def _in_progress(measure, p):
    services.progress_add(user=p["office"], measure=measure, text="已着手修订制度")
    return measure


def _submitted(measure, p):
    _in_progress(measure, p)
    services.measure_submit(user=p["office"], measure=measure)
    return measure


def _with_extension(measure, p):
    _in_progress(measure, p)
    measure.refresh_from_db()
    return services.extension_request(
        user=p["office"],
        measure=measure,
        reason="需协调外单位",
        requested_date=measure.due_date + dt.timedelta(days=30),
    )


def _start(p, measure):
    return lambda: services.measure_start(user=p["inspector"], measure=measure)


def _progress(p, measure):
    return lambda: services.progress_add(user=p["office"], measure=measure, text="已召开专题会")


def _submit(p, measure):
    return lambda: services.measure_submit(user=p["office"], measure=measure)


def _sign_off(p, measure):
    return lambda: services.measure_sign_off(user=p["supervisor"], measure=measure, note="同意销号")


def _return(p, measure):
    return lambda: services.measure_return(user=p["supervisor"], measure=measure, reason="佐证材料不足")


def _approve(p, extension):
    return lambda: services.extension_approve(user=p["supervisor"], extension=extension)


# step name -> (bring a fresh measure into the step's starting state, the step, what it leaves)
STEPS = {
    "start": (None, _start, lambda m, _: m.status == MeasureStatus.IN_PROGRESS),
    "progress_auto_start": (None, _progress, lambda m, _: m.status == MeasureStatus.IN_PROGRESS),
    "submit": (_in_progress, _submit, lambda m, _: m.status == MeasureStatus.SUBMITTED and m.submitted_at),
    "sign_off": (
        _submitted,
        _sign_off,
        lambda m, _: m.status == MeasureStatus.SIGNED_OFF and m.closed_at is not None,
    ),
    "return": (_submitted, _return, lambda m, _: m.status == MeasureStatus.IN_PROGRESS and m.submitted_at is None),
    "extension_approve": (
        _with_extension,
        _approve,
        lambda m, ext: m.due_date == ext.requested_date and m.due_date_manual,
    ),
}


def _run(people, dept_a, step, *, with_version, edit_delay):
    setup, make_step, holds = STEPS[step]
    measure = MeasureFactory(lead_department=dept_a, content="原措施内容")
    prior = setup(measure, people) if setup else measure
    target = prior if step == "extension_approve" else measure
    before = Measure.objects.get(pk=measure.pk)
    new_content = f"修改后的措施内容（{timezone.now():%H%M%S%f}）"

    def read_copy():
        return Measure.objects.get(pk=measure.pk)  # what the edit is based on

    def edit(copy):
        version = copy.version if with_version else None
        return services.measure_update(user=people["inspector"], measure=copy, version=version, content=new_content)

    step_outcome, edit_outcome = race(
        make_step(people, target), edit, prepare=[None, read_copy], delays=[0, edit_delay]
    )

    assert step_outcome[0] == "ok", step_outcome
    after = Measure.objects.get(pk=measure.pk)
    assert holds(after, prior), f"{step} was undone by the edit: {after.status}"
    if edit_outcome[0] == "ok":
        assert after.content == new_content, "the accepted edit was lost"
        assert after.version == before.version + 2
        if with_version:  # accepted only when based on the current row: the edit came first
            assert edit_outcome[1].version == before.version + 1, "an edit on a stale version was accepted"
    else:
        assert with_version, f"an edit without a version must not be refused: {edit_outcome[1]!r}"
        assert isinstance(edit_outcome[1], StaleVersionError), edit_outcome
        assert after.content == "原措施内容"
        assert after.version == before.version + 1
    return edit_outcome[0]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("with_version", [True, False], ids=["version", "no_version"])
def test_edit_and_workflow_step_both_hold(people, dept_a, step, with_version):
    for edit_delay in EDIT_DELAYS:
        _run(people, dept_a, step, with_version=with_version, edit_delay=edit_delay)


@pytest.fixture
def signed_off_after_copy(people, dept_a):
    """The deterministic order of the race: a copy is read, then the supervisor signs off."""
    measure = MeasureFactory(lead_department=dept_a, content="原措施内容")
    _submitted(measure, people)
    copy = Measure.objects.get(pk=measure.pk)
    services.measure_sign_off(user=people["supervisor"], measure=measure)
    return copy


@pytest.mark.django_db
def test_an_edit_based_on_the_state_before_a_sign_off_is_refused_naming_who_and_when(people, signed_off_after_copy):
    copy = signed_off_after_copy
    with pytest.raises(StaleVersionError) as refused:
        services.measure_update(user=people["inspector"], measure=copy, version=copy.version, content="迟到的修改")

    assert refused.value.status == 409
    signed = Measure.history.filter(id=copy.pk).latest("history_date").history_date
    assert f"纪检组长乙于{timezone.localtime(signed):%Y-%m-%d %H:%M:%S}修改" in refused.value.message
    after = Measure.objects.get(pk=copy.pk)
    assert (after.status, after.content) == (MeasureStatus.SIGNED_OFF, "原措施内容")


@pytest.mark.django_db
def test_an_edit_without_a_version_on_a_stale_copy_keeps_the_sign_off(people, signed_off_after_copy):
    services.measure_update(user=people["inspector"], measure=signed_off_after_copy, content="后来的修改")

    after = Measure.objects.get(pk=signed_off_after_copy.pk)
    assert (after.status, after.content) == (MeasureStatus.SIGNED_OFF, "后来的修改")
    assert after.closed_at is not None
