"""Failure 2 of issue 11, as issue 15 changed it: imports are serialised per round; departments
and people race-safely.

Two imports start together on separate connections (SQLite and PostgreSQL). Into one round (empty
or not) both succeed: the second waits for the first's lock on the round, then finds its rows
already present and adds nothing; new departments and people named by both files exist once;
nothing is duplicated and no 500.
"""

import datetime as dt

import pytest

from organization.models import Department, Person
from organization.roles import Role
from rectification.ledger import import_ledger
from rectification.models import InspectionRound, Measure, Problem
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.sheets import row, sheet_bytes

FEEDBACK = dt.date(2021, 9, 15)


def _ledger():
    return sheet_bytes(
        [
            ["一、党的政治建设方面"],
            row("理论学习中心组学习以读文件为主", "修订中心组学习计划", seq=1, dept="新设并发处", person="并发新人"),
            row(None, "建立研讨材料归档制度", dept="新设并发处", person="并发新人", deadline="长期坚持"),
        ]
    )


def _importer(user, **where):
    data = _ledger()
    return lambda: import_ledger(source=data, user=user, feedback_date=FEEDBACK, create_missing=True, **where)


def _both_ok_rows_once(outcomes):
    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    summaries = [o[1] for o in outcomes]
    # one wrote the two rows; the other found them under the lock (or already in its check)
    assert sorted(s.added for s in summaries) in ([0, 2], [2, 2]), [s.added for s in summaries]
    assert sorted(len(s.existing) for s in summaries) in ([0, 2], [0, 0]), summaries
    return summaries


@pytest.fixture
def importer_user(db):
    return make_user(Role.INSPECTOR, username="race_importer", person_name="导入人")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_into_one_empty_round_add_the_rows_once(importer_user):
    rnd = RoundFactory(name="并发导入轮次", feedback_date=FEEDBACK)

    summaries = _both_ok_rows_once(race(_importer(importer_user, round=rnd), _importer(importer_user, round=rnd)))

    assert {s.round_id for s in summaries} == {rnd.pk}
    assert Problem.objects.filter(round=rnd).count() == 1
    assert Measure.objects.filter(problem__round=rnd).count() == 2
    assert Department.objects.filter(name="新设并发处").count() == 1
    assert Person.objects.filter(name="并发新人").count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_creating_the_same_new_round_make_one_round(importer_user):
    where = {"round_name": "同名新轮次"}

    _both_ok_rows_once(race(_importer(importer_user, **where), _importer(importer_user, **where)))

    rnd = InspectionRound.objects.get(name="同名新轮次")
    assert Measure.objects.filter(problem__round=rnd).count() == 2
    assert Department.objects.filter(name="新设并发处").count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_imports_into_two_rounds_share_one_new_department_and_person(importer_user):
    first = RoundFactory(name="并发轮次甲", feedback_date=FEEDBACK)
    second = RoundFactory(name="并发轮次乙", feedback_date=FEEDBACK)

    outcomes = race(_importer(importer_user, round=first), _importer(importer_user, round=second))

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    department = Department.objects.get(name="新设并发处")
    assert Measure.objects.filter(lead_department=department).count() == 4
    assert Person.objects.filter(name="并发新人").count() == 1


@pytest.mark.django_db
def test_a_department_created_after_the_check_is_taken_not_duplicated(importer_user, monkeypatch):
    """The deterministic order of the race: the file is checked, then someone creates the department."""
    from rectification.ledger import store

    rnd = RoundFactory(name="后建部门轮次", feedback_date=FEEDBACK)
    real_write = store.write

    def write_after_someone_else(*args, **kwargs):
        Department.objects.create(name="新设并发处")
        Person.objects.create(name="并发新人")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(store, "write", write_after_someone_else)
    summary = import_ledger(
        source=_ledger(), user=importer_user, round=rnd, feedback_date=FEEDBACK, create_missing=True
    )

    assert summary.new_departments == ["新设并发处"]
    department = Department.objects.get(name="新设并发处")
    assert Measure.objects.filter(problem__round=rnd, lead_department=department).count() == 2
    assert Person.objects.filter(name="并发新人").count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_into_a_round_with_measures_add_the_new_rows_once(importer_user):
    rnd = RoundFactory(name="已有内容轮次", feedback_date=FEEDBACK)
    problem = ProblemFactory(round=rnd, text="理论学习中心组学习以读文件为主", order=1)
    kept = MeasureFactory(problem=problem, content="修订中心组学习计划", order=1)

    outcomes = race(_importer(importer_user, round=rnd), _importer(importer_user, round=rnd))

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    assert sorted(o[1].added for o in outcomes) in ([0, 1], [1, 1])
    assert all({e["measure_id"] for e in o[1].existing} >= {kept.pk} for o in outcomes)
    measures = Measure.objects.filter(problem__round=rnd).order_by("order")
    assert [m.content for m in measures] == ["修订中心组学习计划", "建立研讨材料归档制度"]
    assert {m.problem_id for m in measures} == {problem.pk}
