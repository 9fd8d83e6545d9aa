"""Bench case ``petitions.statistics``: the 信访统计 page's data (``year_statistics``) for an
inspector over N petitions spread over this year and the last (bulk-built); floor: the same
figures in hand-written aggregate SQL over the same rows (the same 回避 condition), one GROUP BY
per table as the page's, months truncated in the unit's zone by the database."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from core.bench import BenchCase, fetch_all, register
from organization.models import Department, Person
from organization.roles import Role, assign_roles
from petitions.models import Category, Channel, Petition, Satisfaction
from petitions.statistics import year_bounds, year_statistics

BATCH = 5000
SEQ_BASE = 60_000_000  # above any real number and the other petition cases' (petitions.bench)
GRADES = [*Satisfaction.values, ""]


def _setup(rows):
    user = get_user_model().objects.create_user(username="bench-statistics", password=None)
    Person.objects.create(name="bench-statistics", user=user)
    assign_roles(user, Role.INSPECTOR)
    categories = list(Category.objects.order_by("id"))
    departments = Department.objects.bulk_create([Department(name=f"基准统计部门{i:02d}") for i in range(20)])
    people = Person.objects.bulk_create([Person(name=f"基准统计被反映人{i:03d}") for i in range(200)])
    year = timezone.localdate().year
    start = year_bounds(year - 1)[0]
    step = (timezone.now() - start) / max(rows, 1)
    zone = timezone.get_default_timezone()

    def petition(i):
        received = start + step * i
        day = received.astimezone(zone).date()
        timed = i % 2 == 0
        return Petition(
            year=received.year,
            seq=SEQ_BASE + i,
            number=f"统〔{received.year}〕{SEQ_BASE + i}号",
            received_at=received,
            channel=Channel.values[i % len(Channel.values)],
            kind="complaint",
            category=categories[(i * 7) % len(categories)] if i % 11 else None,
            subject_department=departments[i % len(departments)] if i % 13 else None,
            subject_person=people[(i * 31) % len(people)] if i % 3 == 0 else None,
            transfer_department=departments[(i + 5) % len(departments)] if i % 4 == 0 else None,
            satisfaction=GRADES[i % len(GRADES)],
            conclude_due=day + dt.timedelta(days=30) if timed else None,
            concluded_on=day + dt.timedelta(days=i % 50) if i % 3 else None,
            summary="基准",
            registered_by=user,
            registered_at=received,
        )

    Petition.objects.bulk_create((petition(i) for i in range(rows)), batch_size=BATCH)
    connection.queries_log.clear()
    return {"user_id": user.pk, "person_id": user.person.pk, "year": year}


def _run(ctx):
    user = get_user_model().objects.get(pk=ctx["user_id"])  # fresh: actor resolution is part of the cost
    stats = year_statistics(user=user, year=ctx["year"])
    return {
        "total": (stats.total, stats.prev_total),
        "months": [(g.this, g.prev) for g in stats.months],
        "categories": sorted((g.label, g.this, g.prev) for g in stats.categories),
        "departments": sorted((g.label, g.this, g.prev) for g in stats.departments),
        "transfers": sorted((g.label, g.this, g.prev) for g in stats.transfer_departments),
        "channels": sorted((g.params["channel"], g.this, g.prev) for g in stats.channels),
        "persons": [(g.label, g.this) for g in stats.persons],
        "rates": (stats.rates.on_time, stats.rates.timed, stats.rates.pleased, stats.rates.rated),
    }


def _local_month_sql():
    if connection.vendor == "postgresql":
        return "date_trunc('month', received_at AT TIME ZONE %s)", [settings.TIME_ZONE]
    # SQLite: the zone's offset at the row's instant (Asia/Shanghai has kept +08:00 since 1991)
    offset = timezone.now().astimezone(timezone.get_default_timezone()).utcoffset()
    return "strftime('%%Y-%%m', received_at, %s)", [f"+{int(offset.total_seconds())} seconds"]


def _moment(value):
    return connection.ops.adapt_datetimefield_value(value)  # SQLite compares UTC text


def _floor(ctx):
    year = ctx["year"]
    this_start = _moment(year_bounds(year)[0])
    base = (
        " FROM petitions_petition p {join} WHERE p.archived_at IS NULL AND p.received_at >= %s AND p.received_at < %s"
        " AND (p.subject_person_id IS NULL OR p.subject_person_id <> %s)"
        " AND p.id NOT IN (SELECT petition_id FROM petitions_petitionrecusal WHERE person_id = %s)"
    )
    where = [_moment(year_bounds(year - 1)[0]), _moment(year_bounds(year)[1]), ctx["person_id"], ctx["person_id"]]
    split = "SUM(CASE WHEN p.received_at >= %s THEN 1 ELSE 0 END), SUM(CASE WHEN p.received_at < %s THEN 1 ELSE 0 END)"

    def grouped(key, name_sql="", join=""):
        name = f", {name_sql}" if name_sql else ""
        return fetch_all(
            f"SELECT p.{key}{name}, {split}" + base.format(join=join) + f" GROUP BY p.{key}{name}",
            [this_start, this_start, *where],
        )

    month_sql, month_params = _local_month_sql()
    months = fetch_all(
        f"SELECT {month_sql.replace('received_at', 'p.received_at')}, COUNT(*)" + base.format(join="") + " GROUP BY 1",
        [*month_params, *where],
    )
    dept_join = "LEFT JOIN organization_department d ON d.id = p.{}"
    out = {
        "months": months,
        "categories": grouped("category_id", "c.name", "LEFT JOIN petitions_category c ON c.id = p.category_id"),
        "departments": grouped("subject_department_id", "d.name", dept_join.format("subject_department_id")),
        "transfers": grouped("transfer_department_id", "d.name", dept_join.format("transfer_department_id")),
        "channels": grouped("channel"),
        "persons": fetch_all(
            "SELECT s.name, COUNT(*)"
            + base.format(join="JOIN organization_person s ON s.id = p.subject_person_id")
            + " AND p.received_at >= %s GROUP BY p.subject_person_id, s.name ORDER BY COUNT(*) DESC, s.name,"
            " p.subject_person_id LIMIT 10",
            [*where, this_start],
        ),
        "rates": fetch_all(
            "SELECT"
            " SUM(CASE WHEN concluded_on <= conclude_due THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN concluded_on IS NOT NULL AND conclude_due IS NOT NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN satisfaction IN (%s, %s) THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN satisfaction IN (%s, %s, %s) THEN 1 ELSE 0 END)"
            + base.format(join="")
            + " AND p.received_at >= %s",
            ["satisfied", "basic", "satisfied", "basic", "unsatisfied", *where, this_start],
        )[0],
    }
    return out


def _same(ctx, run, floor):
    assert tuple(run["rates"]) == tuple(v or 0 for v in floor["rates"]), (run["rates"], floor["rates"])
    assert sum(t for _l, t, _p in run["categories"]) == sum(r[2] for r in floor["categories"])
    assert sorted((c, t, p) for c, t, p in floor["channels"]) == run["channels"]
    assert sum(t + p for t, p in run["months"]) == sum(n for _m, n in floor["months"])
    assert run["persons"] == [tuple(r) for r in floor["persons"]]
    assert len(run["transfers"]) == len([r for r in floor["transfers"] if r[0] is not None])


register(
    BenchCase(
        name="petitions.statistics",
        description="信访统计 of this year against last (7 GROUP BY queries) for an inspector",
        size=500_000,
        setup=_setup,
        run=_run,
        floor=_floor,
        check=_same,
    )
)
