"""Bench cases for petitions (``python manage.py bench --only petitions.…``).

* petitions.list_page — an inspector's first list page (count + 50 rows, serialized with
  lights) among N petitions; floor: the same count and page in raw SQL.
* petitions.due_dates — the 告知 due date of N petitions through the deadline engine;
  floor: a precomputed array of working days looked up for the same dates.
* petitions.identity_page — revealing the reporters of a page of 50 petitions through
  the checked, logged path; floor: decrypting the same 200 tokens with one Fernet.
* petitions.repeat_suggest — repeat suggestions for one new petition (petitions.repeats.bench).
* hotline.import / hotline.reimport — a 12345 export imported, and imported again (petitions.hotline.bench).
"""

import bisect
import datetime as dt
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from core.bench import BenchCase, register
from deadlines.calendar import WorkCalendar
from deadlines.models import Unit
from organization.models import Department, Person
from organization.roles import Role, assign_roles
from petitions import crypto
from petitions.deadlines import active_rules, notify_rule, set_due
from petitions.identity import reveal_identity
from petitions.lights import LightContext
from petitions.models import Category, Channel, Informant, Kind, Petition, Status
from petitions.selectors import petition_list

PAGE = 50
SEQ_BASE = 50_000_000
KINDS = list(Kind.values)
CHANNELS = list(Channel.values)
STATUSES = [Status.REGISTERED, Status.ACCEPTED, Status.HANDLING, Status.CONCLUDED, Status.REJECTED]


def _user(username, *roles):
    user = get_user_model().objects.create_user(username=username, password=None, first_name=username)
    Person.objects.create(name=username, user=user)
    assign_roles(user, *roles)
    return user


def _forget_setup_queries():
    # bulk_create on SQLite issues tens of thousands of statements; once DEBUG's query log (9000
    # entries) is full, the command's query counter reads 0. Start the measured part afresh.
    connection.queries_log.clear()


def _petitions(rows, user, *, informants=None, start=None):
    """``rows`` petitions spread over two years, built with bulk_create (no history rows)."""
    categories = list(Category.objects.all())
    departments = Department.objects.bulk_create([Department(name=f"基准信访部门{i:02d}") for i in range(20)])
    people = Person.objects.bulk_create([Person(name=f"基准被反映人{i:03d}") for i in range(200)])
    start = start or timezone.now() - dt.timedelta(days=730)
    step = dt.timedelta(days=730) / max(rows, 1)
    batch, created = [], 0
    for i in range(rows):
        received = start + step * i
        year = received.year
        # an identity row belongs to one petition: the first len(informants) petitions are named
        informant = informants[i] if informants and i < len(informants) else None
        batch.append(
            Petition(
                year=year,
                seq=SEQ_BASE + i,  # far above any real number, so a seeded database can be benched too
                number=f"信〔{year}〕{SEQ_BASE + i}号",
                received_at=received,
                channel=CHANNELS[i % len(CHANNELS)],
                kind=KINDS[i % len(KINDS)],
                is_named=informant is not None,
                category=categories[i % len(categories)],
                subject_person=people[i % len(people)] if i % 3 == 0 else None,
                subject_department=departments[i % len(departments)],
                summary=f"基准信访件摘要{i}",
                content="基准内容" * 20,
                informant=informant,
                status=STATUSES[i % len(STATUSES)],
                registered_by=user,
                registered_at=received,
                notify_due=timezone.localdate(received + dt.timedelta(days=10)) if i % 2 else None,
                next_due=timezone.localdate(received + dt.timedelta(days=10)) if i % 2 else None,
                next_due_unit=Unit.WORKDAY if i % 2 else "",
            )
        )
        if len(batch) == 5000:
            created += len(Petition.objects.bulk_create(batch))
            batch = []
    created += len(Petition.objects.bulk_create(batch))
    return created


# -- list page ------------------------------------------------------------------------------------------------


def _list_setup(rows):
    user = _user("bench-inspector", Role.INSPECTOR)
    informants = Informant.objects.bulk_create(
        [Informant(code=f"R2000-{i:04d}", year=2000, seq=i, name_ct="x") for i in range(1, 1001)]
    )
    _petitions(rows, user, informants=informants)
    _forget_setup_queries()
    return {"user_id": user.pk, "person_id": user.person.pk}


def _list_run(ctx):
    from petitions.api.serializers import PetitionListSerializer

    user = get_user_model().objects.get(pk=ctx["user_id"])  # fresh: actor resolution is part of the cost
    qs = petition_list(user=user).order_by("-received_at", "-id")
    count = qs.count()
    page = list(qs[:PAGE])
    data = PetitionListSerializer(page, many=True, context={"lights": LightContext()}).data
    return count, [(row["id"], row["number"], row["category_name"], row["informant_code"]) for row in data]


_FLOOR_SQL = """
SELECT p.id, p.number, c.name, i.code
FROM petitions_petition p
LEFT JOIN petitions_category c ON c.id = p.category_id
LEFT JOIN petitions_informant i ON i.id = p.informant_id
LEFT JOIN organization_person sp ON sp.id = p.subject_person_id
LEFT JOIN organization_department sd ON sd.id = p.subject_department_id
LEFT JOIN organization_department td ON td.id = p.transfer_department_id
WHERE p.subject_person_id IS NULL OR p.subject_person_id <> %s
ORDER BY p.received_at DESC, p.id DESC
LIMIT %s
"""


def _list_floor(ctx):
    with connection.cursor() as cursor:
        # the same recusal (回避) condition the scoped queryset applies
        cursor.execute(
            "SELECT COUNT(*) FROM petitions_petition WHERE subject_person_id IS NULL OR subject_person_id <> %s",
            [ctx["person_id"]],
        )
        count = cursor.fetchone()[0]
        cursor.execute(_FLOOR_SQL, [ctx["person_id"], PAGE])
        return count, [tuple(row) for row in cursor.fetchall()]


def _same(ctx, run_result, floor_result):
    assert run_result == floor_result, "petition page differs from the floor"


register(
    BenchCase(
        name="petitions.list_page",
        description="inspector's first page of 50 petitions (count, page, serializer with lights)",
        size=500_000,
        setup=_list_setup,
        run=_list_run,
        floor=_list_floor,
        check=_same,
    )
)


# -- due dates ------------------------------------------------------------------------------------------------


def _due_setup(rows):
    tz = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime(2024, 1, 1, 10, tzinfo=tz)
    items = [
        Petition(
            kind=KINDS[i % 3],  # 检举控告 (工作日), 信访 (日), 投诉 (工作日)
            is_named=True,
            received_at=start + dt.timedelta(hours=7 * i % (24 * 900)),
        )
        for i in range(rows)
    ]
    rules = active_rules()
    calendar = WorkCalendar.load()
    # The floor's inputs: the same petitions, (amount, unit) by kind, and the working days of the years.
    by_kind = {p.kind: (rules[notify_rule(p)].amount, rules[notify_rule(p)].unit) for p in items}
    workdays = [d for d in _days(dt.date(2023, 12, 1), dt.date(2027, 6, 30)) if calendar.is_workday(d)]
    ordinals = [d.toordinal() for d in workdays]
    _forget_setup_queries()
    return {"items": items, "rules": rules, "by_kind": by_kind, "ordinals": ordinals, "tz": tz}


def _days(first, last):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _due_run(ctx):
    calendar = WorkCalendar.load()  # one snapshot per operation, as the services do
    rules = ctx["rules"]
    return [set_due(p, "notify_due", calendar=calendar, rules=rules).date for p in ctx["items"]]


def _due_floor(ctx):
    """The same work from the same petitions: local start date, rule by kind, lookup in the working days."""
    ordinals, by_kind, tz = ctx["ordinals"], ctx["by_kind"], ctx["tz"]
    out = []
    for p in ctx["items"]:
        start = p.received_at.astimezone(tz).date()
        amount, unit = by_kind[p.kind]
        if unit == Unit.WORKDAY:
            out.append(dt.date.fromordinal(ordinals[bisect.bisect_right(ordinals, start.toordinal()) + amount - 1]))
        else:  # 日: the end day, or the next working day on or after it
            end = start.toordinal() + amount
            out.append(dt.date.fromordinal(ordinals[bisect.bisect_left(ordinals, end)]))
    return out


register(
    BenchCase(
        name="petitions.due_dates",
        description="告知 due date of N petitions through the rule engine (工作日 and 日 rules)",
        size=100_000,
        setup=_due_setup,
        run=_due_run,
        floor=_due_floor,
        check=_same,
    )
)


# -- identity page ---------------------------------------------------------------------------------------------


def _identity_setup(rows):
    user = _user("bench-registrar", Role.INSPECTOR)
    informants = Informant.objects.bulk_create(
        [
            Informant(
                code=f"R2001-{i:04d}",
                year=2001,
                seq=i,
                name_ct=crypto.encrypt(f"基准举报人{i}"),
                phone_ct=crypto.encrypt(f"139{i:08d}"),
                id_number_ct=crypto.encrypt(f"11010119900101{i:04d}"),
                address_ct=crypto.encrypt(f"基准市基准路{i}号"),
            )
            for i in range(1, PAGE + 1)
        ]
    )
    _petitions(PAGE, user, informants=informants)
    petition_ids = list(Petition.objects.filter(registered_by=user).order_by("id").values_list("id", flat=True))
    tokens = list(
        Informant.objects.filter(pk__in=[i.pk for i in informants])
        .order_by("pk")
        .values_list("name_ct", "phone_ct", "id_number_ct", "address_ct")
    )
    _forget_setup_queries()
    return {"user_id": user.pk, "petition_ids": petition_ids, "tokens": tokens}


def _identity_run(ctx):
    user = get_user_model().objects.get(pk=ctx["user_id"])
    petitions = Petition.objects.filter(pk__in=ctx["petition_ids"]).order_by("id")
    return [tuple(reveal_identity(user=user, petition=p).as_dict().values()) for p in petitions]


def _identity_floor(ctx):
    fernet = Fernet(settings.IDENTITY_ENCRYPTION_KEYS[0])
    return [tuple(fernet.decrypt(t.encode()).decode() for t in row) for row in ctx["tokens"]]


register(
    BenchCase(
        name="petitions.identity_page",
        description="reveal 50 reporters (grant check, view log, audit row, decrypt); floor: bare decrypt",
        size=PAGE,
        min_rows=PAGE,
        setup=_identity_setup,
        run=_identity_run,
        floor=_identity_floor,
        check=_same,
    )
)


from petitions.hotline import bench as _hotline_bench  # noqa: E402, F401  (registers hotline.*)
from petitions.repeats import bench as _repeat_bench  # noqa: E402,F401  (registers its case)
from petitions.statistics import bench as _statistics_bench  # noqa: E402, F401  (registers petitions.statistics)
