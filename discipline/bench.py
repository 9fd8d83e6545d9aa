"""Bench cases for clues and recommendations (``python manage.py bench --only discipline.…``).

* discipline.clue_list_page — an inspector's first list page (count + 50 rows, serialized
  with lights) among N clues; floor: the same count and page in raw SQL.
* discipline.clue_ledger — the 线索台账 of N clues (write-only openpyxl, neutralised
  cells, prefetched steps); floor: the same rows from one raw query written with
  openpyxl's write-only writer.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from core.bench import BenchCase, register
from discipline.exports import CLUE_COLUMNS
from discipline.models import Clue, ClueStep
from discipline.selectors.clues import clue_light_context, clue_queryset
from organization.models import Department, Person
from organization.roles import Role, assign_roles

PAGE = 50
SEQ_BASE = 50_000_000  # far above any real number, so a seeded database can be benched too
STATUSES = list(Clue.Status.values)
DISPOSALS = ["", *Clue.Disposal.values]


def _setup(rows):
    user = get_user_model().objects.create_user(username="bench-clue-inspector", password=None)
    Person.objects.create(name="基准纪检干部", user=user)
    assign_roles(user, Role.INSPECTOR)
    departments = Department.objects.bulk_create([Department(name=f"基准线索部门{i:02d}") for i in range(20)])
    people = Person.objects.bulk_create([Person(name=f"基准被反映人{i:04d}") for i in range(500)])
    start = timezone.localdate() - dt.timedelta(days=730)
    batch = []
    for i in range(rows):
        received = start + dt.timedelta(days=i * 730 // max(rows, 1))
        batch.append(
            Clue(
                year=received.year,
                seq=SEQ_BASE + i,
                received_date=received,
                source=Clue.Source.OTHER,
                subject_person=people[i % len(people)],
                subject_department=departments[i % len(departments)],
                summary=f"基准线索摘要{i}",
                status=STATUSES[i % len(STATUSES)],
                disposal=DISPOSALS[i % len(DISPOSALS)],
                disposal_due_date=received + dt.timedelta(days=30),
                due_date=received + dt.timedelta(days=30),
                due_kind=Clue.DueKind.DISPOSAL,
                handler=user,
                created_by=user,
            )  # fmt: skip
        )
        if len(batch) == 5000:
            Clue.objects.bulk_create(batch)
            batch = []
    Clue.objects.bulk_create(batch)
    # two signed steps per clue for the ledger
    clue_ids = list(Clue.objects.filter(seq__gte=SEQ_BASE).values_list("pk", "received_date"))
    now = timezone.now()
    steps = []
    for pk, received in clue_ids:
        for kind in (ClueStep.Kind.REGISTER, ClueStep.Kind.ASSIGN):
            steps.append(ClueStep(clue_id=pk, kind=kind, date=received, signed_by=user, signer_name="基准纪检干部",
                                  signed_at=now))  # fmt: skip
        if len(steps) >= 5000:
            ClueStep.objects.bulk_create(steps)
            steps = []
    ClueStep.objects.bulk_create(steps)
    return {"user_id": user.pk}


def _fresh_user(ctx):
    return get_user_model().objects.get(pk=ctx["user_id"])  # actor resolution is part of the cost


def _list_run(ctx):
    from discipline.api.serializers.clues import ClueListSerializer

    qs = clue_queryset(user=_fresh_user(ctx)).order_by("-year", "-seq")
    count = qs.count()
    data = ClueListSerializer(qs[:PAGE], many=True, context={"light_context": clue_light_context()}).data
    return count, [(row["id"], row["number"], row["subject_person_name"], row["handler_name"]) for row in data]


_FLOOR_SQL = """
SELECT c.id, c.year, c.seq, sp.name, hp.name
FROM discipline_clue c
JOIN organization_person sp ON sp.id = c.subject_person_id
LEFT JOIN organization_department sd ON sd.id = c.subject_department_id
LEFT JOIN organization_person hp ON hp.user_id = c.handler_id
WHERE c.subject_person_id <> %s
ORDER BY c.year DESC, c.seq DESC
LIMIT %s
"""


def _list_floor(ctx):
    with connection.cursor() as cursor:
        # the same rows the inspector may see: none about themselves (回避)
        me = Person.objects.filter(user_id=ctx["user_id"]).values_list("pk", flat=True).first()
        cursor.execute("SELECT COUNT(*) FROM discipline_clue WHERE subject_person_id <> %s", [me])
        count = cursor.fetchone()[0]
        cursor.execute(_FLOOR_SQL, [me, PAGE])
        rows = [(pk, f"线〔{year}〕{seq}号", subject, handler or "") for pk, year, seq, subject, handler in cursor]
    return count, rows


def _same(ctx, run_result, floor_result):
    assert run_result == floor_result, "clue page differs from the floor"


def _ledger_run(ctx):
    from discipline.exports import clue_ledger

    _, rows = clue_ledger(clue_queryset(user=_fresh_user(ctx)))
    return rows


def _ledger_floor(ctx):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("线索台账")
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.year, c.seq, c.received_date, sp.name, c.summary, c.status FROM discipline_clue c"
            " JOIN organization_person sp ON sp.id = c.subject_person_id ORDER BY c.year, c.seq"
        )
        for year, seq, received, subject, summary, status in cursor:
            values = [f"线〔{year}〕{seq}号", str(received), subject, summary, status]
            ws.append((values * 4)[: len(CLUE_COLUMNS)])  # as many cells per row as the ledger writes
            rows += 1
    wb.save(io.BytesIO())
    return rows


def _same_rows(ctx, run_result, floor_result):
    assert run_result == floor_result, "ledger row count differs from the floor"


register(
    BenchCase(
        name="discipline.clue_list_page",
        description="inspector's first page of 50 clues (count, page, serializer with lights)",
        size=100_000,
        setup=_setup,
        run=_list_run,
        floor=_list_floor,
        check=_same,
    )
)
register(
    BenchCase(
        name="discipline.clue_ledger",
        description="线索台账 export of every clue (write-only, neutralised, steps prefetched)",
        size=20_000,
        setup=_setup,
        run=_ledger_run,
        floor=_ledger_floor,
        check=_same_rows,
    )
)
