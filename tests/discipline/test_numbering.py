"""逐件编号: gap-free, duplicate-free numbers per year, also when issued at the same moment.

The concurrent tests run real transactions on separate database connections (one per
thread), released together by a ``threading.Barrier``; on SQLite (a file database) and
PostgreSQL, never skipped. On PostgreSQL the counter row lock keeps the numbers apart:
with "max + 1" two transactions read the same maximum and one fails on the unique
constraint (or, without it, both keep the same number). The project opens SQLite
transactions with BEGIN IMMEDIATE, which serialises whole transactions and would hide
such a race, so on SQLite the threads also run in DEFERRED mode, where only the
allocator's own locking (its first statement is a write) keeps numbers apart.
``test_the_race_catches_max_plus_one`` shows the harness failing a "max + 1" allocator;
the ``..._refuses_a_duplicate_...`` tests fail if a unique constraint is dropped.
"""

import datetime as dt
import io
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError, InvalidTransitionError
from discipline import numbering
from discipline.models import Clue, Recommendation, YearCounter
from discipline.services.clues import clue_register
from discipline.services.recommendations import recommendation_issue
from organization.roles import Role
from tests.discipline.factories import draft_recommendation, register_clue
from tests.factories import DepartmentFactory, PersonFactory, make_user

THREADS = 8
# Transactional (real commits on separate connections). serialized_rollback restores the
# rows data migrations seeded (deadline rules, role groups) that the flush removes.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def modes():
    """The connection modes to race in: SQLite also in DEFERRED mode (see the module doc)."""
    return ["configured", "deferred"] if connection.vendor == "sqlite" else ["configured"]


def run_together(worker, count=THREADS, *, deferred=False):
    """Run ``worker(i)`` in ``count`` threads released at once; each thread uses (and
    closes) its own database connection. Returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def target(i):
        try:
            if deferred and connection.vendor == "sqlite":
                connection.ensure_connection()
                connection.transaction_mode = "DEFERRED"
            barrier.wait(timeout=30)
            value = worker(i)
            with lock:
                results.append(value)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker thread hung"
    return results, errors


@pytest.mark.concurrency
@TRANSACTIONAL
def test_clues_registered_at_the_same_moment_get_distinct_gap_free_numbers():
    # given a registrar and a subject, and a clue already numbered this year
    registrar = make_user(Role.INSPECTOR, username="registrar")
    subject = PersonFactory(departments=[DepartmentFactory()])
    received = timezone.localdate() - dt.timedelta(days=1)
    register_clue(registrar, subject=subject, received_date=received)
    User = get_user_model()
    total = 1

    for mode in modes():
        # when eight requests register clues at once, each on its own connection
        def worker(i, mode=mode):
            user = User.objects.get(pk=registrar.pk)
            clue = clue_register(
                user=user,
                received_date=received,
                source=Clue.Source.OTHER,
                subject_person=subject,
                summary=f"并发登记 {mode} {i}",
            )
            return clue.seq

        results, errors = run_together(worker, deferred=mode == "deferred")

        # then every one succeeded with its own number, continuing the year without gaps
        assert errors == [], (mode, errors)
        assert sorted(results) == list(range(total + 1, total + THREADS + 1)), mode
        total += THREADS

    stored = list(Clue.objects.filter(year=received.year).order_by("seq").values_list("seq", flat=True))
    assert stored == list(range(1, total + 1))
    assert YearCounter.objects.get(series="clue", year=received.year).last == total


@pytest.mark.concurrency
@TRANSACTIONAL
def test_recommendations_issued_at_the_same_moment_get_distinct_gap_free_numbers():
    author = make_user(Role.INSPECTOR, username="author")
    User = get_user_model()
    total = 0
    for mode in modes():
        # given eight drafts (no numbers yet)
        drafts = [draft_recommendation(author, title=f"关于第{i}项问题的纪律检查建议") for i in range(THREADS)]
        assert all(d.seq is None for d in drafts)

        # when all are issued at the same moment
        def worker(i, drafts=drafts):
            return recommendation_issue(user=User.objects.get(pk=author.pk), rec=drafts[i]).seq

        results, errors = run_together(worker, deferred=mode == "deferred")

        # then each got its own number, none twice, none skipped
        assert errors == [], (mode, errors)
        assert sorted(results) == list(range(total + 1, total + THREADS + 1)), mode
        total += THREADS

    year = timezone.localdate().year
    numbers = sorted(Recommendation.objects.filter(year=year).values_list("seq", flat=True))
    assert numbers == list(range(1, total + 1))
    assert set(Recommendation.objects.values_list("status", flat=True)) == {Recommendation.Status.ISSUED}


@pytest.mark.concurrency
@TRANSACTIONAL
def test_the_same_draft_issued_twice_at_once_is_numbered_once():
    # given one draft
    author = make_user(Role.INSPECTOR, username="author")
    draft = draft_recommendation(author)
    User = get_user_model()

    # when two people press 制发 at the same moment
    def worker(i):
        return recommendation_issue(user=User.objects.get(pk=author.pk), rec=draft).seq

    results, errors = run_together(worker, count=2, deferred=True)

    # then one issue succeeds; the other is refused as a repeated issue, and no number is used up
    assert results == [1]
    assert len(errors) == 1 and isinstance(errors[0], InvalidTransitionError)
    assert YearCounter.objects.get(series="recommendation").last == 1


@pytest.mark.concurrency
@TRANSACTIONAL
@pytest.mark.parametrize("series", ["clue", "recommendation"])
def test_the_race_catches_max_plus_one(series, monkeypatch):
    """The harness is not vacuous: a "max + 1" allocator loses the race."""

    def max_plus_one(series, year):
        model = Clue if series == "clue" else Recommendation
        current = model.objects.filter(year=year).aggregate(m=Max("seq"))["m"] or 0
        time.sleep(0.05)  # the window every real request has between reading and writing
        return current + 1

    monkeypatch.setattr(numbering, "allocate", max_plus_one)
    user = make_user(Role.INSPECTOR, username="racer")
    subject = PersonFactory()
    drafts = [draft_recommendation(user) for _ in range(THREADS)] if series == "recommendation" else []
    User = get_user_model()

    def worker(i):
        actor = User.objects.get(pk=user.pk)
        if series == "clue":
            return clue_register(
                user=actor,
                received_date=timezone.localdate(),
                source=Clue.Source.OTHER,
                subject_person=subject,
                summary=f"竞争 {i}",
            ).seq
        return recommendation_issue(user=actor, rec=drafts[i]).seq

    results, errors = run_together(worker, deferred=True)

    assert errors or len(set(results)) < THREADS, "max + 1 numbering was not caught"


@pytest.mark.django_db
def test_numbering_follows_the_counter_not_the_rows(inspector):
    # given a unit that continues its paper ledger: 12 clues were numbered on paper this year
    year = timezone.localdate().year
    call_command("discipline_continue_numbering", "clue", str(year), "12", stdout=io.StringIO())

    # when the first clue is registered in the system
    clue = register_clue(inspector, received_date=timezone.localdate())

    # then it continues the ledger (a "max + 1" over the table would restart at 1)
    assert clue.number == f"线〔{year}〕13号"


@pytest.mark.django_db
def test_the_counter_never_moves_backwards(inspector):
    year = timezone.localdate().year
    register_clue(inspector, received_date=timezone.localdate())
    register_clue(inspector, received_date=timezone.localdate())
    with pytest.raises(ApplicationError, match="已编至第 2 号"):
        numbering.continue_from(YearCounter.Series.CLUE, year, 1)


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_clue_number(inspector):
    # given a numbered clue
    clue = register_clue(inspector)
    # when another row is written with the same year and number, bypassing the service
    duplicate = Clue.objects.get(pk=clue.pk)
    duplicate.pk = None
    duplicate.id = None
    duplicate._state.adding = True
    # then the unique constraint refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_recommendation_number(inspector):
    rec = recommendation_issue(user=inspector, rec=draft_recommendation(inspector))
    other = draft_recommendation(inspector)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=other.pk).update(
            status=Recommendation.Status.ISSUED,
            year=rec.year,
            seq=rec.seq,
            issued_on=timezone.localdate(),
        )


@pytest.mark.django_db
def test_a_failed_registration_gives_its_number_back(inspector, monkeypatch):
    # given a registration that fails after drawing its number
    import discipline.services.clues.intake as services  # clue_register draws its due dates there

    def broken_due_for(*args, **kwargs):
        raise RuntimeError("rule engine down")

    monkeypatch.setattr(services, "due_for", broken_due_for)
    with pytest.raises(RuntimeError):
        register_clue(inspector)
    monkeypatch.undo()

    # when the next clue is registered, then it gets number 1: the failed one left no gap
    clue = register_clue(inspector)
    assert clue.seq == 1


@pytest.mark.django_db
def test_numbers_restart_each_year_and_follow_the_year_of_receipt(inspector):
    today = timezone.localdate()
    last_year = dt.date(today.year - 1, 12, 30)
    a = register_clue(inspector, received_date=last_year)
    b = register_clue(inspector, received_date=today)
    c = register_clue(inspector, received_date=last_year)
    assert (a.number, c.number) == (f"线〔{today.year - 1}〕1号", f"线〔{today.year - 1}〕2号")
    assert b.number == f"线〔{today.year}〕1号"


@TRANSACTIONAL
def test_allocate_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        numbering.allocate(YearCounter.Series.CLUE, 2026)
