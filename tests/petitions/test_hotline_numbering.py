"""The 12345 import takes each batch's numbers as one block per series and year: still gap-free,
in row order, across a year boundary, and continued by the next registration by hand."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from petitions import numbering
from petitions.hotline import importer
from petitions.hotline.importer import import_hotline
from petitions.models import Category, HotlineSource, Kind, NumberCounter, Petition
from petitions.numbering import Series
from petitions.services import petition_register
from tests.petitions.hotline_helpers import ticket, xlsx_bytes

pytestmark = pytest.mark.django_db


def _counter(series, year):
    return NumberCounter.objects.get(series=series, year=year).last


def test_an_imports_numbers_are_consecutive_in_row_order_across_years(inspector, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 4)  # several batches, each its own blocks
    moment = timezone.localtime() - dt.timedelta(minutes=5)  # any hour of any day: all of one year
    this_year = moment.year
    rows = [ticket(n, received_at=moment.strftime("%Y-%m-%d %H:%M:%S")) for n in range(1, 6)]
    rows[2]["received_at"] = f"{this_year - 1}-12-31 10:00:00"
    rows[4]["name"] = rows[4]["phone"] = ""  # no caller: no reporter code
    source = HotlineSource.objects.create(name="市12345热线")

    import_hotline(source=source, data=xlsx_bytes(rows), file_name="a.xlsx", user=inspector)

    stored = {p.ticket_no: p for p in Petition.objects.select_related("informant")}
    current = [stored[r["ticket_no"]] for i, r in enumerate(rows) if i != 2]
    assert [(p.year, p.seq) for p in current] == [(this_year, n) for n in range(1, 5)]
    assert [p.informant.code for p in current[:3]] == [f"R{this_year}-{n:04d}" for n in range(1, 4)]
    assert current[3].informant is None
    old = stored[rows[2]["ticket_no"]]
    assert (old.year, old.seq, old.informant.code) == (this_year - 1, 1, f"R{this_year - 1}-0001")
    assert _counter(Series.PETITION, this_year) == 4 and _counter(Series.INFORMANT, this_year) == 3
    by_hand = petition_register(
        user=inspector, received_at=moment, channel="hotline",
        kind=Kind.SUGGESTION, category=Category.objects.first(), summary="手工登记",
    )  # fmt: skip
    assert by_hand.seq == 5


def test_a_reserved_number_left_unused_is_refused_and_rolled_back(inspector):
    year = timezone.localtime().year
    with (
        pytest.raises(RuntimeError, match="unused"),
        transaction.atomic(),
        numbering.reserved({(Series.PETITION, year): 2}),
    ):
        assert numbering.allocate(Series.PETITION, year) == 1  # one of two taken: the other would skip
    assert not NumberCounter.objects.filter(series=Series.PETITION, year=year, last__gt=0).exists()
    with transaction.atomic(), numbering.reserved({(Series.PETITION, year): 1}):
        assert numbering.allocate(Series.PETITION, year) == 1
        assert numbering.allocate(Series.PETITION, year) == 2  # the pool spent: allocated as usual
