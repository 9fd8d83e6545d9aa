"""Synthetic 巡察整改 data for the bench cases (bulk inserts, no history)."""

import datetime as dt

from django.contrib.auth import get_user_model

from organization.models import Department, Person
from organization.roles import Role, assign_roles
from rectification.models import (
    Aspect,
    DeadlineKind,
    InspectionRound,
    Measure,
    MeasureCoDepartment,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)

MEASURES_PER_PROBLEM = 2.5
STATUSES = list(MeasureStatus)
FEEDBACK = dt.date(2021, 9, 15)


def _staff(username):
    user = get_user_model().objects.create_user(username=username, password=None)
    Person.objects.create(name=f"{username}本人", user=user)
    assign_roles(user, Role.INSPECTOR)
    return user


def _build_round(name, measures, departments, people, *, today, progress_every=0):
    """One round: 5 大类 × 1 方面, problems with 2–3 measures each, bulk-inserted (no history)."""
    rnd = InspectionRound.objects.create(name=name, inspection_team="市委第三巡察组", feedback_date=FEEDBACK)
    tops = Aspect.objects.bulk_create([Aspect(round=rnd, title=f"第{i}大类方面", order=i) for i in range(5)])
    subs = Aspect.objects.bulk_create(
        [Aspect(round=rnd, title=f"第{i}个方面", parent=t, order=1) for i, t in enumerate(tops)]
    )
    aspects = [*tops, *subs]
    n_problems = max(1, int(measures / MEASURES_PER_PROBLEM))
    problems = Problem.objects.bulk_create(
        [
            Problem(
                round=rnd,
                aspect=aspects[i * len(aspects) // n_problems],
                order=i + 1,
                text=f"第{i + 1}个问题：学习不深入",
            )
            for i in range(n_problems)
        ],
        batch_size=2000,
    )
    objs = []
    for i in range(measures):
        kind = DeadlineKind.LONG_TERM if i % 11 == 0 else DeadlineKind.DATE
        due = None if kind == DeadlineKind.LONG_TERM else today + dt.timedelta(days=(i % 400) - 200)
        objs.append(
            Measure(
                problem=problems[i * n_problems // measures],
                order=i,
                content=f"整改措施{i}：修订制度并组织学习",
                target="形成长效机制" if i % 3 == 0 else "",
                responsible_leader=people[i % 10],
                lead_department=departments[i % len(departments)],
                responsible_person=people[10 + i % (len(people) - 10)],
                deadline_kind=kind,
                deadline_text="按期完成",
                due_date=due,
                original_due_date=due,
                status=STATUSES[i % len(STATUSES)] if kind == DeadlineKind.DATE or i % 2 else MeasureStatus.IN_PROGRESS,
            )
        )
    created = Measure.objects.bulk_create(objs, batch_size=2000)
    MeasureCoDepartment.objects.bulk_create(
        [
            MeasureCoDepartment(measure=m, department=departments[(i + 1) % len(departments)])
            for i, m in enumerate(created)
            if i % 3 == 0
        ],
        batch_size=2000,
    )
    if progress_every:
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(measure=m, date=today, text=f"第{i}条进展：已召开专题会议")
                for i, m in enumerate(created)
                if i % progress_every == 0
            ],
            batch_size=2000,
        )
    return rnd


def _org(n_departments=50, n_people=500):
    departments = Department.objects.bulk_create(
        [Department(name=f"基准处室{i:03d}", order=i) for i in range(n_departments)]
    )
    people = Person.objects.bulk_create([Person(name=f"基准人员{i:04d}", is_leader=i < 10) for i in range(n_people)])
    return departments, people


def rows_check(ctx, run_result, floor_result):
    """A case whose run and floor both return the number of rows they handled: all of them."""
    assert run_result == floor_result == ctx["rows"], (run_result, floor_result)
