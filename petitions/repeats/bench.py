"""Bench case petitions.repeat_suggest (registered by petitions.bench).

Suggesting repeats for one new petition among N earlier ones (500,000 at scale 1): varied summaries
over two years, 200 departments, 2,000 persons reported on, 12345 ticket families of three; a few
hundred earlier petitions about the new one's department inside the window, some of
them close in wording. The run is ``suggest_for_ids([new])`` (every reason, the insert; rolled back
each time so each round does the same work). The floor is the bare similarity statement for the
same petition — on PostgreSQL the ``%`` query on the trigram index with the same subject and window
conditions and LIMIT, on SQLite the same bounded candidate query — without the other reasons, the
ORM or the insert.
"""

import datetime as dt
import random
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from core.bench import BenchCase, register
from organization.models import Department, Person
from petitions import repeats
from petitions.models import Category, Petition, RepeatSuggestion
from petitions.repeats import similarity

SEQ_BASE = 70_000_000
WHO = [
    "窗口工作人员",
    "接线员",
    "值班民警",
    "社区网格员",
    "收费员",
    "稽查人员",
    "驾驶员",
    "物业人员",
    "办事员",
    "审批人员",
]
DID = [
    "态度生硬",
    "推诿扯皮",
    "吃拿卡要",
    "迟到早退",
    "上班玩手机",
    "乱收费",
    "不作为",
    "办事拖拉",
    "刁难群众",
    "违规停车",
]
WHERE = [
    "服务大厅",
    "车管所",
    "派出所",
    "社保中心",
    "不动产登记处",
    "税务窗口",
    "公交站",
    "菜市场",
    "医院门诊",
    "学校门口",
]
EXTRA = ["多次反映未果", "要求尽快处理", "希望加强管理", "群众意见很大", "影响恶劣", "请求回复", "", "", "", ""]
TARGET_SUMMARY = "反映服务大厅窗口工作人员态度生硬推诿扯皮，多次反映未果"


def _summary(rng):
    return f"反映{rng.choice(WHERE)}{rng.choice(WHO)}{rng.choice(DID)}，{rng.choice(EXTRA)}{rng.randrange(1000)}"


def _setup(rows):
    rng = random.Random(17)  # noqa: S311 - synthetic data, not a secret
    user = get_user_model().objects.create_user(username="bench-repeats", password=None)
    departments = Department.objects.bulk_create([Department(name=f"基准重复件部门{i:03d}") for i in range(200)])
    people = Person.objects.bulk_create([Person(name=f"基准重复件被反映人{i:04d}") for i in range(2000)])
    categories = list(Category.objects.all())
    now = timezone.now()
    start = now - dt.timedelta(days=730)
    step = dt.timedelta(days=729) / max(rows, 1)
    target_dept = departments[0]
    batch = []
    for i in range(rows):
        close = i % 1000 == 0  # 500 at scale 1 about the target's department, in close wording, in the window
        received = now - dt.timedelta(days=(i // 1000) % 170 + 1, minutes=i % 1000) if close else start + step * i
        batch.append(
            Petition(
                year=2000,
                seq=SEQ_BASE + i,
                number=f"重〔2000〕{SEQ_BASE + i}号",
                received_at=received,
                channel="hotline",
                kind="complaint",
                category=categories[i % len(categories)],
                subject_department=target_dept if close else departments[i % len(departments)],
                subject_person=people[i % len(people)] if i % 4 == 0 else None,
                summary=TARGET_SUMMARY[: 14 + (i // 1000) % 12] + str(i) if close else _summary(rng),
                ticket_no=f"BGD{SEQ_BASE + i}",
                ticket_family=f"BGD{SEQ_BASE + i - i % 3}",
                registered_by=user,
                registered_at=received,
            )
        )
        if len(batch) == 5000:
            Petition.objects.bulk_create(batch)
            batch = []
    Petition.objects.bulk_create(batch)
    target = Petition.objects.create(
        year=2000,
        seq=SEQ_BASE + rows + 1,
        number=f"重〔2000〕{SEQ_BASE + rows + 1}号",
        received_at=now,
        channel="hotline",
        kind="complaint",
        category=categories[0],
        subject_department=target_dept,
        summary=TARGET_SUMMARY,
        ticket_no=f"BGD{SEQ_BASE + 3}-1",
        ticket_family=f"BGD{SEQ_BASE + 3}",
        registered_by=user,
        registered_at=now,
    )
    connection.queries_log.clear()
    return {"target": target.pk, "dept": target_dept.pk, "received_at": now}


def _run(ctx):
    with transaction.atomic():
        repeats.suggest_for_ids([ctx["target"]])
        made = list(RepeatSuggestion.objects.filter(petition_id=ctx["target"]).values_list("original_id", "reasons"))
        transaction.set_rollback(True)
    return sorted(o for o, reasons in made if "subject" in reasons)


def _floor(ctx):
    """The similarity statement alone, for the same petition (one target row)."""
    target = SimpleNamespace(
        pk=ctx["target"],
        received_at=ctx["received_at"],
        since=ctx["received_at"] - dt.timedelta(days=settings.PETITION_REPEAT_WINDOW_DAYS),
        person_id=None,
        department_id=ctx["dept"],
        summary=TARGET_SUMMARY,
    )
    limit = settings.PETITION_REPEAT_MAX_SUGGESTIONS
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values, params = similarity.values_sql([target], similarity.PG_TYPES)
            threshold = str(settings.PETITION_REPEAT_SIMILARITY_PERCENT / 100)
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [threshold])
            cursor.execute(similarity.PG_SQL.format(values=values), [*params, limit])
        else:
            values, params = similarity.values_sql([target])
            cursor.execute(similarity.SQLITE_SQL.format(values=values), [*params, similarity.CANDIDATES])
        return sorted(row[1] for row in cursor.fetchall())


def _check(ctx, run_result, floor_result):
    # The run keeps at most N suggestions over every reason (a ticket match may take a place), so
    # its similar-subject originals are among the floor's: PostgreSQL's top N, SQLite's candidates.
    assert set(run_result) <= set(floor_result), "a suggestion the similarity query does not give"
    assert run_result, "nothing similar was found: the case measures nothing"


register(
    BenchCase(
        name="petitions.repeat_suggest",
        description="repeat suggestions for one petition among N (every reason, insert); floor: the similarity query",
        size=500_000,
        min_rows=2000,
        setup=_setup,
        run=_run,
        floor=_floor,
        check=_check,
    )
)
