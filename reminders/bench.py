"""Bench: the daily reminder scan (``python manage.py bench --only reminders.daily_scan``).

N open items of mixed kinds — 40 % 整改措施, 30 % 信访件 (告知 in 工作日, 转办件回复, 办结),
20 % 问题线索 (处置意见), 10 % 建议书 (回复) — of which 10 % are due: spread from 15 days
overdue to 19 days ahead, so every stage of the ladder occurs. The rest are due months
ahead. ``run`` is the whole scan (plan, insert reminders, notifications, outbox digests)
and is rolled back after each repetition so every repetition does the same work.

Floor: one SELECT of the due items (a UNION over the four tables) plus one bulk INSERT
of the same reminder rows the scan creates — the least work that records them. The
scan's query count is the same for any N: one candidate query per source, a few bulk
lookups, and one INSERT per table however many rows (reminders.bulk).
"""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from core.bench import BenchCase, register
from organization.models import Department, Membership, Person, UnitProfile
from organization.roles import Role, assign_roles
from reminders.bulk import insert_ignoring_conflicts
from reminders.ladder import Ladder
from reminders.models import Reminder
from reminders.scan import build_plan, run_scan

SEQ_BASE = 60_000_000  # far above any real number, so a seeded database can be benched too
DUE_SHARE = 10  # one item in DUE_SHARE is due


def _user(username, *roles, name=None, departments=()):
    user = get_user_model().objects.create_user(username=username, password=None, first_name=username)
    person = Person.objects.create(name=name or username, user=user)
    for department in departments:
        Membership.objects.create(person=person, department=department)
    assign_roles(user, *roles)
    return user


def _dates(n, today):
    """Due dates: every DUE_SHARE-th is due (−15 … +19 days), the others 30–400 days ahead."""
    out = []
    for i in range(n):
        if i % DUE_SHARE == 0:
            out.append(today + dt.timedelta(days=(i // DUE_SHARE) % 35 - 15))
        else:
            out.append(today + dt.timedelta(days=30 + i % 370))
    return out


def _bulk(model, objects, size=5000):
    for start in range(0, len(objects), size):
        model.objects.bulk_create(objects[start : start + size])


def _setup(rows):
    from discipline.models import Clue, Recommendation
    from petitions.models import Category, Channel, Kind, Petition, Status
    from rectification.models import InspectionRound, Measure, Problem

    today = timezone.localdate()
    now = timezone.now()
    departments = Department.objects.bulk_create([Department(name=f"基准催办部门{i:02d}") for i in range(20)])
    heads = Person.objects.bulk_create([Person(name=f"基准处长{i:02d}") for i in range(20)])
    for department, head in zip(departments, heads, strict=True):
        department.head = head
    Department.objects.bulk_update(departments, ["head"])
    people = Person.objects.bulk_create(
        [Person(name=f"基准责任人{i:03d}", email=f"p{i}@example.cn") for i in range(300)]
    )
    leaders = Person.objects.bulk_create([Person(name=f"基准分管领导{i}", is_leader=True) for i in range(8)])
    inspector = _user("bench-rem-inspector", Role.INSPECTOR)
    _user("bench-rem-supervisor", Role.SUPERVISOR)
    for i, department in enumerate(departments[:10]):
        _user(f"bench-rem-office{i}", Role.OFFICE, departments=[department])
    unit = UnitProfile.load()
    unit.principal_leader = leaders[0]
    unit.save()

    n_measures, n_petitions, n_clues = rows * 4 // 10, rows * 3 // 10, rows * 2 // 10
    n_recs = rows - n_measures - n_petitions - n_clues
    rnd = InspectionRound.objects.create(name="基准催办巡察轮次", inspection_team="基准巡察组", feedback_date=today)
    problems = Problem.objects.bulk_create([Problem(round=rnd, order=i + 1, text=f"基准问题{i}") for i in range(100)])
    _bulk(
        Measure,
        [
            Measure(
                problem=problems[i % 100],
                order=i,
                content=f"基准整改措施{i}",
                responsible_person=people[i % 300],
                responsible_leader=leaders[i % 8],
                lead_department=departments[i % 20],
                due_date=due,
                original_due_date=due,
            )
            for i, due in enumerate(_dates(n_measures, today))
        ],
    )
    category = Category.objects.first()
    petitions = []
    for i, due in enumerate(_dates(n_petitions, today)):
        kind = (Kind.ACCUSATION, Kind.COMPLAINT, Kind.PETITION)[i % 3]
        fields = {
            Kind.ACCUSATION: {"status": Status.ACCEPTED, "is_named": True, "notify_due": due},
            Kind.COMPLAINT: {
                "status": Status.TRANSFERRED,
                "transfer_department": departments[i % 10],
                "transferred_at": now,
                "transfer_due": due,
                "notified_on": today,
            },
            Kind.PETITION: {"status": Status.HANDLING, "conclude_due": due, "notified_on": today},
        }[kind]
        petitions.append(
            Petition(
                year=today.year,
                seq=SEQ_BASE + i,
                number=f"信〔{today.year}〕{SEQ_BASE + i}号",
                received_at=now,
                channel=Channel.LETTER,
                kind=kind,
                category=category,
                summary=f"基准信访摘要{i}",
                registered_by=inspector,
                next_due=due,
                **fields,
            )
        )
    _bulk(Petition, petitions)
    _bulk(
        Clue,
        [
            Clue(
                year=today.year,
                seq=SEQ_BASE + i,
                received_date=today,
                source=Clue.Source.OTHER,
                subject_person=people[(i + 7) % 300],
                summary=f"基准线索摘要{i}",
                handler=inspector,
                created_by=inspector,
                disposal_due_date=due,
                due_date=due,
                due_kind=Clue.DueKind.DISPOSAL,
            )
            for i, due in enumerate(_dates(n_clues, today))
        ],
    )
    _bulk(
        Recommendation,
        [
            Recommendation(
                year=today.year,
                seq=SEQ_BASE + i,
                title=f"基准纪律检查建议{i}",
                target_department=departments[i % 20],
                source=Recommendation.Source.DAILY_SUPERVISION,
                problems="基准问题",
                recommendations="基准建议",
                status=Recommendation.Status.ISSUED,
                issued_on=today,
                issued_by=inspector,
                reply_due_date=due,
                created_by=inspector,
            )
            for i, due in enumerate(_dates(n_recs, today))
        ],
    )
    # The rows the scan will create, for the floor to insert (planned now, not timed).
    planned = build_plan(today).reminders
    connection.queries_log.clear()  # the query counter reads a bounded log: start the measured part empty
    return {"today": today, "planned": planned, "horizon": Ladder.build(today).horizon}


def _run(ctx):
    savepoint = transaction.savepoint()
    try:
        return run_scan(ctx["today"], trigger="bench").created
    finally:
        transaction.savepoint_rollback(savepoint)


def _due_items_sql():
    from discipline.models import Clue, Recommendation
    from petitions.models import Petition
    from rectification.models import Measure

    m, p, c, r = (model._meta.db_table for model in (Measure, Petition, Clue, Recommendation))
    return (
        f"SELECT id, due_date, responsible_person_id FROM {m}"
        " WHERE archived_at IS NULL AND status NOT IN ('signed_off', 'long_term') AND due_date <= %(h)s"
        f" UNION ALL SELECT id, notify_due, registered_by_id FROM {p}"
        " WHERE archived_at IS NULL AND notified_on IS NULL AND notify_due <= %(h)s"
        f" UNION ALL SELECT id, transfer_due, transfer_department_id FROM {p}"
        " WHERE archived_at IS NULL AND status = 'transferred' AND transfer_due <= %(h)s"
        f" UNION ALL SELECT id, conclude_due, registered_by_id FROM {p}"
        " WHERE archived_at IS NULL AND status IN ('accepted', 'transferred', 'replied', 'handling')"
        " AND conclude_due <= %(h)s"
        f" UNION ALL SELECT id, disposal_due_date, handler_id FROM {c}"
        " WHERE archived_at IS NULL AND disposal_approved_on IS NULL AND disposal_due_date <= %(h)s"
        f" UNION ALL SELECT id, reply_due_date, target_department_id FROM {r}"
        " WHERE archived_at IS NULL AND status = 'issued' AND reply_due_date <= %(h)s"
    )


def _floor(ctx):
    savepoint = transaction.savepoint()
    try:
        with connection.cursor() as cursor:
            cursor.execute(_due_items_sql(), {"h": ctx["horizon"]})
            due_items = cursor.fetchall()
        batch = uuid.uuid4()
        insert_ignoring_conflicts(Reminder, [{**row, "batch": batch} for row in ctx["planned"]])
        return len(due_items), len(ctx["planned"])
    finally:
        transaction.savepoint_rollback(savepoint)
        connection.queries_log.clear()  # keep the bounded query log short for the measured run


def _check(ctx, run_result, floor_result):
    due_items, inserted = floor_result
    assert run_result == inserted, f"scan created {run_result} reminders, floor inserted {inserted}"
    assert due_items and inserted >= due_items, (due_items, inserted)


register(
    BenchCase(
        name="reminders.daily_scan",
        description="daily reminder scan over open items of mixed kinds, 10% due",
        size=200_000,
        setup=_setup,
        run=_run,
        floor=_floor,
        check=_check,
        min_rows=200,
    )
)
