"""seed_demo: a year of clues in every stage and disposal, letters replied / pending /
overdue; idempotent on the same day; works with or without demo petitions."""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.seed import SeedContext
from discipline.models import Clue, ClueStep, Recommendation, YearCounter
from discipline.seed import seed_discipline
from organization.seed import seed_organization

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "clues": list(Clue.objects.order_by("pk").values_list("year", "seq", "status", "disposal", "due_date")),
        "steps": ClueStep.objects.count(),
        "letters": list(Recommendation.objects.order_by("pk").values_list("year", "seq", "status", "reply_due_date")),
        "counters": list(YearCounter.objects.order_by("pk").values_list("series", "year", "last")),
        "history": Clue.history.count() + Recommendation.history.count(),
    }


def test_seed_demo_builds_every_stage_and_disposal_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    today = timezone.localdate()
    assert set(Clue.objects.values_list("status", flat=True)) == set(Clue.Status.values)
    assert set(Clue.Disposal.values) <= set(Clue.objects.values_list("disposal", flat=True))
    assert Clue.objects.filter(source=Clue.Source.PETITION, source_petition__isnull=False).exists()
    assert Clue.objects.filter(source=Clue.Source.INSPECTION).exclude(inspection_round="").exists()
    # a full last calendar year: one clue received in every month, numbered without gaps
    last_year = Clue.objects.filter(year=today.year - 1)
    assert {d.month for d in last_year.values_list("received_date", flat=True)} == set(range(1, 13))
    assert sorted(last_year.values_list("seq", flat=True)) == list(range(1, last_year.count() + 1))
    # something is overdue, something is still to come
    assert Clue.objects.filter(due_date__lt=today).exists()
    assert Clue.objects.filter(due_date__gte=today).exists()
    assert ClueStep.objects.filter(kind=ClueStep.Kind.RETURN).exists()
    assert ClueStep.objects.filter(kind=ClueStep.Kind.REVIEW).exists()
    # letters: draft, pending, overdue, replied, closed
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert statuses == set(Recommendation.Status.values)
    assert Recommendation.objects.filter(status="issued", reply_due_date__lt=today).exists()
    assert Recommendation.objects.filter(status="issued", reply_due_date__gte=today).exists()
    assert Recommendation.objects.filter(reply_due_date_manual=True).exists()
    assert Recommendation.objects.filter(year=today.year - 1).count() >= 4


def test_seeding_works_without_demo_petitions():
    ctx = SeedContext(today=timezone.localdate(), rng=random.Random(1))
    seed_organization(ctx)
    seed_discipline(ctx)
    assert Clue.objects.count() >= 20
    assert not Clue.objects.filter(source_petition__isnull=False).exists()
    assert not Clue.objects.filter(source=Clue.Source.PETITION).exists()
    assert Clue.objects.filter(received_date__lte=ctx.today - dt.timedelta(days=300)).exists()


def test_the_seed_turns_the_petitions_apps_accusations_into_clues():
    from discipline.seed import ACCUSATION
    from petitions.models import Kind

    assert ACCUSATION == Kind.ACCUSATION
