"""One definition of an open measure (rectification.open) behind the reminders, the dashboard and the report."""

import pytest
from django.utils import timezone

from rectification.models import MeasureStatus
from rectification.models.measures import DeadlineKind
from rectification.open import current_measures, open_measures, unfinished_measures
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_current_unfinished_and_open_nest():
    problem = ProblemFactory(round=RoundFactory())
    running = MeasureFactory(problem=problem)
    signed = MeasureFactory(problem=problem, status=MeasureStatus.SIGNED_OFF)
    long_term = MeasureFactory(problem=problem, deadline_kind=DeadlineKind.LONG_TERM, due_date=None)
    assert _ids(current_measures()) == {running.pk, signed.pk, long_term.pk}
    assert _ids(unfinished_measures()) == {running.pk, long_term.pk}
    assert _ids(open_measures()) == {running.pk}


@pytest.mark.parametrize("archived", ["measure", "problem", "round"])
def test_archiving_the_measure_its_problem_or_its_round_closes_it_everywhere(archived):
    measure = MeasureFactory(problem=ProblemFactory(round=RoundFactory()))
    target = {"measure": measure, "problem": measure.problem, "round": measure.problem.round}[archived]
    type(target).objects.filter(pk=target.pk).update(archived_at=timezone.now())
    for qs in (current_measures(), unfinished_measures(), open_measures()):
        assert measure.pk not in _ids(qs)
