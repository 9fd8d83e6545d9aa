"""Two imports of the same 12345 export at once, on separate connections: one registers the
tickets, the other waits for it (the source's row is the lock) and finds them all unchanged —
never a second petition, never a 500."""

import pytest

from petitions.hotline.importer import import_hotline
from petitions.models import HotlineSource, Informant, Petition
from tests.concurrency.harness import race
from tests.petitions.hotline_helpers import ticket, xlsx_bytes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("delay", [0, 0.1])
def test_the_same_file_imported_twice_at_once_registers_each_ticket_once(inspector, delay):
    source = HotlineSource.objects.create(name="市12345热线")
    data = xlsx_bytes([ticket(n) for n in range(1, 21)])

    def run():
        return import_hotline(source=source, data=data, file_name="a.xlsx", user=inspector).counts()

    outcomes = race(run, run, delays=[0, delay])
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    counts = sorted((c["new"], c["unchanged"]) for _, c in outcomes)
    assert counts == [(0, 20), (20, 0)]
    assert Petition.objects.count() == 20 and Informant.objects.count() == 20
