import datetime as dt
import random

import pytest
from django.utils import timezone

from core.seed import SeedContext
from deadlines.light import Light
from organization.seed import seed_organization
from petitions.lights import LightContext
from petitions.models import Informant, Kind, Petition, Status
from petitions.seed import seed_petitions

pytestmark = pytest.mark.django_db


def _run():
    ctx = SeedContext(today=timezone.localdate(), rng=random.Random(1))
    seed_organization(ctx)
    seed_petitions(ctx)
    return ctx


def test_demo_petitions_cover_a_year_every_state_and_are_idempotent():
    ctx = _run()
    first = Petition.objects.count()
    history_rows = Petition.history.count()

    _run()

    assert Petition.objects.count() == first and Petition.history.count() == history_rows
    assert set(Petition.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Petition.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Petition.objects.values("channel").distinct().count() >= 6
    months = {d.month for d in Petition.objects.filter(year=ctx.last_year).values_list("received_at", flat=True)}
    assert months == set(range(1, 13))
    recent = timezone.now() - dt.timedelta(days=60)
    assert Petition.objects.filter(received_at__gte=recent).count() >= 15
    assert Petition.objects.filter(informant__isnull=True).exists()
    assert Petition.objects.filter(is_named=True).exists() and Petition.objects.filter(is_repeat=True).exists()
    assert Petition.objects.filter(is_restricted=True, status=Status.ESCALATED).exists()
    # returning reporters: one identity row per petition, recognised by the keyed fingerprint
    named = Petition.objects.filter(informant__isnull=False)
    assert Informant.objects.filter(petitions__in=named).count() == named.count()
    fingerprints = named.exclude(informant__phone_hmac="").values("informant__phone_hmac")
    assert fingerprints.distinct().count() < fingerprints.count()
    lights = LightContext()
    seen = {lights.light(p) for p in Petition.objects.all()}
    assert {Light.RED, Light.YELLOW, Light.GREEN, Light.GREY} <= seen
