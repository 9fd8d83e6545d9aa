"""信访件 numbers (and reporter codes) are gap-free and distinct under concurrent registration.

Several threads, each on its own database connection, are released together by a
``threading.Barrier`` and register at the same moment. The test runs on SQLite (a file
database) and on PostgreSQL, never skipped.

On SQLite the project opens transactions with BEGIN IMMEDIATE, which serialises whole
transactions and would hide a "max + 1" race; the test therefore also runs with the
thread connections in DEFERRED mode, where only the allocator's own locking (its first
statement takes the write lock) keeps numbers apart. ``test_the_race_detects_max_plus_one``
shows the same harness catching a max + 1 allocator, and ``test_the_unique_constraint_holds``
fails if the (year, seq) constraint is dropped.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError
from organization.roles import Role
from petitions import services
from petitions.identity import Identity
from petitions.models import Category, Kind, NumberCounter, Petition
from petitions.services import registration
from tests.factories import make_user

THREADS = 8


def _race(target, *, deferred):
    barrier = threading.Barrier(THREADS)
    results, errors, guard = [], [], threading.Lock()

    def worker(index):
        try:
            if deferred and connection.vendor == "sqlite":
                connection.ensure_connection()
                connection.transaction_mode = "DEFERRED"
            barrier.wait(timeout=30)
            outcome = target(index)
            with guard:
                results.append(outcome)
        except Exception as exc:  # collected and asserted on in the main thread
            with guard:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def _registrar(user, category, received_at, offset=0):
    def register(index):
        petition = services.petition_register(
            user=user,
            received_at=received_at,
            channel="hotline",
            kind=Kind.COMPLAINT,
            is_named=True,
            category=category,
            summary=f"并发登记{index}",
            informant=Identity(name=f"并发举报人{offset + index}", phone=f"139{offset + index:08d}"),
        )
        return petition.seq, petition.number, petition.informant.code

    return register


def _modes():
    return ["configured", "deferred"] if connection.vendor == "sqlite" else ["configured"]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_get_distinct_gap_free_numbers():
    user = make_user(Role.INSPECTOR, username="concurrent", person_name="并发登记人")
    category = Category.objects.get(name="服务态度")
    received_at = timezone.now() - dt.timedelta(hours=1)
    year = timezone.localtime(received_at).year
    expected_total = 0

    for mode in _modes():
        results, errors = _race(
            _registrar(user, category, received_at, offset=expected_total), deferred=mode == "deferred"
        )

        assert errors == [], (mode, errors)
        expected_total += THREADS
        seqs = sorted(seq for seq, _, _ in results)
        assert seqs == list(range(expected_total - THREADS + 1, expected_total + 1)), (mode, seqs)
        assert len({number for _, number, _ in results}) == THREADS
        codes = sorted(code for _, _, code in results)
        assert codes == [f"R{year}-{n:04d}" for n in range(expected_total - THREADS + 1, expected_total + 1)]

    assert sorted(Petition.objects.values_list("seq", flat=True)) == list(range(1, expected_total + 1))
    assert NumberCounter.objects.get(series="petition", year=year).last == expected_total


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_race_detects_max_plus_one(monkeypatch):
    """The harness is not vacuous: a max + 1 allocator loses the race (duplicates or refused inserts)."""

    def max_plus_one(series, year):
        current = Petition.objects.filter(year=year).aggregate(m=Max("seq"))["m"] or 0
        time.sleep(0.05)  # the window every real request has between reading and writing
        return current + 1

    monkeypatch.setattr(registration, "allocate", max_plus_one)
    user = make_user(Role.INSPECTOR, username="racer", person_name="并发登记人")
    category = Category.objects.get(name="服务态度")

    results, errors = _race(_registrar(user, category, timezone.now()), deferred=True)

    seqs = [seq for seq, _, _ in results]
    assert errors or len(set(seqs)) < THREADS, "max + 1 numbering was not caught"


@pytest.mark.django_db
def test_the_unique_constraint_holds(inspector):
    first = services.petition_register(
        user=inspector, received_at=timezone.now(), channel="hotline", kind=Kind.SUGGESTION,
        category=Category.objects.first(), summary="一",
    )  # fmt: skip
    clone = Petition.objects.get(pk=first.pk)
    clone.pk, clone.number = None, "手工重号"
    with transaction.atomic(), pytest.raises(IntegrityError):
        clone.save()


@pytest.mark.django_db
def test_a_failed_registration_gives_its_number_back(inspector, monkeypatch):
    def register():
        return services.petition_register(
            user=inspector, received_at=timezone.now(), channel="hotline", kind=Kind.COMPLAINT, is_named=True,
            category=Category.objects.first(), summary="摘要", informant=Identity(name="某人", phone="13900001111"),
        )  # fmt: skip

    first = register()

    def broken(*args, **kwargs):
        raise ApplicationError("模拟故障")

    monkeypatch.setattr(registration, "identity_create", broken)
    with pytest.raises(ApplicationError):
        register()
    monkeypatch.undo()

    assert register().seq == first.seq + 1
