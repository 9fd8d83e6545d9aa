from collections import Counter

from django.core.management import call_command

from deadlines.light import Light
from rectification.models import (
    Evidence,
    Extension,
    InspectionRound,
    Measure,
    MeasureReview,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)
from rectification.selectors import LightContext
from reminders.seed import MARK as REMINDER_DEMO_MARK


def _snapshot():
    models = (InspectionRound, Problem, Measure, ProgressUpdate, Evidence, Extension, MeasureReview)
    return [m.objects.count() for m in models] + [Measure.history.count()]


def test_seed_demo_builds_two_rounds_in_every_state_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    # the reminders seed may add one round of its own (marked) when no demo round report
    # falls due in a reminder window today; the rectification seed builds exactly two
    assert InspectionRound.objects.exclude(name__contains=REMINDER_DEMO_MARK).count() == 2
    assert set(Measure.objects.values_list("status", flat=True)) == set(MeasureStatus)
    ctx = LightContext.now()
    lights = Counter(m.light(today=ctx.today, boundary=ctx.boundary) for m in Measure.objects.all())
    assert lights[Light.RED] and lights[Light.YELLOW] and lights[Light.GREEN] and lights[Light.GREY]
    assert Evidence.objects.exists()
    assert set(Extension.objects.values_list("status", flat=True)) >= {"pending", "refused"}
    assert Problem.objects.filter(similar_to__isnull=False).exists()
    # the demo offices have work to do
    assert Measure.objects.filter(lead_department__name="受理一处").exists()
    assert Measure.objects.filter(lead_department__name="督办处").exists()
