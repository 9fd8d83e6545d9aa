import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.archive import DeletionRefused
from core.errors import ApplicationError
from deadlines.light import Light
from rectification.models import DeadlineKind, Measure, MeasureStatus, ProgressUpdate
from rectification.selectors import LightContext, light_filter_q
from tests.rectification.factories import MeasureFactory, ProblemFactory


def test_original_due_date_follows_until_an_extension_is_approved(problem):
    measure = MeasureFactory(problem=problem, due_date=dt.date(2030, 3, 31))
    assert measure.original_due_date == dt.date(2030, 3, 31)

    measure.due_date = dt.date(2030, 4, 30)
    measure.save(update_fields=["due_date"])
    measure.refresh_from_db()
    assert measure.original_due_date == dt.date(2030, 4, 30)  # a correction, not an extension

    measure.due_date_manual = True
    measure.due_date = dt.date(2030, 6, 30)
    measure.save()
    measure.refresh_from_db()
    assert (measure.original_due_date, measure.due_date) == (dt.date(2030, 4, 30), dt.date(2030, 6, 30))


def test_a_dated_measure_must_have_a_due_date(problem):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(problem=problem, deadline_kind=DeadlineKind.DATE, due_date=None)


def test_a_long_term_measure_has_no_due_date(problem):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(problem=problem, deadline_kind=DeadlineKind.LONG_TERM, due_date=dt.date(2030, 1, 1))


def test_cases_are_archived_never_deleted(measure_a):
    with pytest.raises(DeletionRefused):
        measure_a.delete()
    with pytest.raises(DeletionRefused):
        Measure.objects.filter(pk=measure_a.pk).delete()
    with pytest.raises(DeletionRefused):
        measure_a.problem.delete()


def test_progress_is_append_only(measure_a, office_a):
    note = ProgressUpdate.objects.create(measure=measure_a, text="已召开专题会", author=office_a)
    note.text = "改写"
    with pytest.raises(ApplicationError):
        note.save()
    note.refresh_from_db()
    assert note.text == "已召开专题会"
    note.archive()  # archiving is the one change allowed
    assert ProgressUpdate.objects.get(pk=note.pk).archived_at is not None


@pytest.mark.parametrize(
    ("kind", "due_offset", "status", "light"),
    [
        (DeadlineKind.DATE, -1, MeasureStatus.IN_PROGRESS, Light.RED),
        (DeadlineKind.DATE, 0, MeasureStatus.IN_PROGRESS, Light.YELLOW),
        (DeadlineKind.DATE, 10, MeasureStatus.NOT_STARTED, Light.YELLOW),
        (DeadlineKind.DATE, 11, MeasureStatus.NOT_STARTED, Light.GREEN),
        (DeadlineKind.DATE, -30, MeasureStatus.SUBMITTED, Light.RED),
        (DeadlineKind.DATE, -30, MeasureStatus.SIGNED_OFF, Light.GREY),
        (DeadlineKind.IMMEDIATE, -5, MeasureStatus.NOT_STARTED, Light.RED),
        (DeadlineKind.LONG_TERM, None, MeasureStatus.IN_PROGRESS, Light.NONE),
        (DeadlineKind.IMMEDIATE_LONG_TERM, None, MeasureStatus.NOT_STARTED, Light.NONE),
        (DeadlineKind.DATE, -30, MeasureStatus.LONG_TERM, Light.NONE),
    ],
)
def test_light_is_derived_from_the_stored_date_in_python_and_in_the_database(
    problem, today, kind, due_offset, status, light
):
    """The default warning window is 10 days (DeadlinePolicy); the filter and the row agree."""
    due = today + dt.timedelta(days=due_offset) if due_offset is not None else None
    measure = MeasureFactory(problem=problem, deadline_kind=kind, due_date=due, status=status)
    ctx = LightContext.now()

    assert measure.light(today=ctx.today, boundary=ctx.boundary) == light
    assert measure.is_overdue(today=today) == (light == Light.RED)
    for candidate in Light:
        in_db = Measure.objects.filter(light_filter_q(candidate, ctx), pk=measure.pk).exists()
        assert in_db == (candidate == light), candidate


def test_problem_similar_to_itself_is_refused(problem):
    problem.similar_to = problem
    with pytest.raises(IntegrityError), transaction.atomic():
        problem.save()


def test_history_records_every_change(measure_a):
    measure_a.content = "新内容"
    measure_a.save()
    assert measure_a.history.count() == 2
    assert ProblemFactory().history.count() == 1
