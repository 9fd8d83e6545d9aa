"""Bench data and hand-written SQL floors for the figures fed by the other apps.

Registered as parts of the ``reports.compile_year`` case: at scale 1 (200k activities)
they add 500k petitions (with outcomes), 100k measures over 30 rounds, and some
thousands of recommendations and clues, spread over the year and the years either side.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.bench import fetch_all
from discipline.models import Clue, Recommendation
from organization.models import Department, Person
from petitions.models import Category, Petition, PetitionOutcome
from rectification.models import Aspect, InspectionRound, Measure, Problem

BATCH = 5000
ROUNDS_PER_YEAR = 10
ASPECTS = 10
PROBLEMS_PER_ASPECT = 10


def _spread(n, year):
    start = dt.date(year - 1, 1, 1)
    span = (dt.date(year + 2, 1, 1) - start).days
    return [start + dt.timedelta(days=(i * 7919) % span) for i in range(n)]


def setup(rows, ctx):
    year = ctx["year"]
    user = get_user_model().objects.create_user(username="bench-reports", password=None)
    departments = Department.objects.bulk_create([Department(name=f"基准报告部门{i:02d}", order=i) for i in range(20)])
    categories = list(Category.objects.order_by("id"))
    tz = timezone.get_current_timezone()

    petitions_n = int(rows * 2.5)
    days = _spread(petitions_n, year)
    Petition.objects.bulk_create(
        (
            Petition(
                year=d.year,
                seq=i + 1,
                number=f"基准〔{d.year}〕{i + 1}号",
                received_at=dt.datetime.combine(d, dt.time(9 + i % 8), tzinfo=tz),
                channel="hotline",
                kind="complaint",
                category=categories[(i * i + i // 7) % len(categories)],
                summary="基准",
                registered_by=user,
                is_restricted=False,
            )
            for i, d in enumerate(days)
        ),
        batch_size=BATCH,
    )
    some = list(Petition.objects.filter(number__startswith="基准").values_list("id", "received_at")[:: max(1, 100)])
    PetitionOutcome.objects.bulk_create(
        (
            PetitionOutcome(
                petition_id=pid,
                kind="named_criticism" if i % 2 else "deadline_improvement",
                department=departments[i % len(departments)],
                decided_on=timezone.localdate(received) + dt.timedelta(days=20),
                created_by=user,
            )
            for i, (pid, received) in enumerate(some)
        ),
        batch_size=BATCH,
    )

    measures_n = rows // 2
    rounds = InspectionRound.objects.bulk_create(
        [
            InspectionRound(
                name=f"基准巡察{y}-{r}", inspection_team=f"市委第{r + 1}巡察组", feedback_date=dt.date(y, 1 + r, 10)
            )
            for y in (year - 1, year, year + 1)
            for r in range(ROUNDS_PER_YEAR)
        ]
    )
    aspects = Aspect.objects.bulk_create(
        [Aspect(round=rnd, title=f"方面{a}", order=a) for rnd in rounds for a in range(ASPECTS)], batch_size=BATCH
    )
    problems = Problem.objects.bulk_create(
        [
            Problem(round_id=aspect.round_id, aspect=aspect, text=f"问题{p}", order=p)
            for aspect in aspects
            for p in range(PROBLEMS_PER_ASPECT)
        ],
        batch_size=BATCH,
    )
    statuses = ["not_started", "in_progress", "submitted", "signed_off", "long_term"]
    feedback = {rnd.pk: rnd.feedback_date for rnd in rounds}
    problems = [problems[(i * 7919) % len(problems)] for i in range(len(problems))]  # rounds interleaved
    Measure.objects.bulk_create(
        (
            Measure(
                problem=problems[i % len(problems)],
                content=f"措施{i}",
                lead_department=departments[i % len(departments)],
                deadline_kind="date",
                due_date=feedback[problems[i % len(problems)].round_id] + dt.timedelta(days=30 + i % 400),
                original_due_date=feedback[problems[i % len(problems)].round_id] + dt.timedelta(days=30 + i % 400),
                status=statuses[i % len(statuses)],
            )
            for i in range(measures_n)
        ),
        batch_size=BATCH,
    )

    letters = max(30, rows // 100)
    Recommendation.objects.bulk_create(
        (
            Recommendation(
                status="issued",
                year=d.year,
                seq=i + 1,
                issued_on=d,
                title="基准建议",
                target_department=departments[i % len(departments)],
                source="petition",
                problems="问题",
                recommendations="建议",
                created_by=user,
            )
            for i, d in enumerate(_spread(letters, year))
        ),
        batch_size=BATCH,
    )
    subject = Person.objects.create(name="基准被反映人")
    disposals = ["talk_inquiry", "preliminary", "defer", "close", "transfer"]
    Clue.objects.bulk_create(
        (
            Clue(
                year=d.year,
                seq=i + 1,
                received_date=d,
                source="other",
                subject_person=subject,
                summary="基准线索",
                status="approved",
                disposal=disposals[i % len(disposals)],
                disposal_approved_on=d,
                created_by=user,
            )
            for i, d in enumerate(_spread(letters, year))
        ),
        batch_size=BATCH,
    )


def floor(ctx):
    """The same aggregates as the compiler's external sources, hand-written, one round trip each."""
    year = ctx["year"]
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    tz = timezone.get_current_timezone()
    start_at, end_at = (dt.datetime.combine(d, dt.time.min, tzinfo=tz) for d in (start, end))
    today = timezone.localdate()
    out = {}
    rounds = fetch_all(
        "SELECT id, inspection_team FROM rectification_inspectionround"
        " WHERE archived_at IS NULL AND feedback_date >= %s AND feedback_date < %s ORDER BY feedback_date, id",
        [start, end],
    )
    ids = [r[0] for r in rounds] or [0]
    marks = ", ".join(["%s"] * len(ids))
    teams = []
    for _id, team in rounds:
        if team not in teams:
            teams.append(team)
    out["inspection_team"] = "、".join(teams)
    out["inspection_aspects"] = fetch_all(
        f"SELECT COUNT(*) FROM rectification_aspect WHERE archived_at IS NULL AND parent_id IS NULL"
        f" AND round_id IN ({marks})",
        ids,
    )[0][0]
    out["inspection_problems"] = fetch_all(
        f"SELECT COUNT(*) FROM rectification_problem WHERE archived_at IS NULL AND round_id IN ({marks})", ids
    )[0][0]
    long_term = "(m.deadline_kind IN ('long_term', 'immediate_long_term') OR m.status = 'long_term')"
    total, closed, lt_open, overdue = fetch_all(
        "SELECT COUNT(*),"
        " SUM(CASE WHEN m.status = 'signed_off' THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN m.status <> 'signed_off' AND {long_term} THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN m.status <> 'signed_off' AND NOT {long_term} AND m.due_date IS NOT NULL"
        "  AND m.due_date < %s THEN 1 ELSE 0 END)"
        " FROM rectification_measure m JOIN rectification_problem p ON p.id = m.problem_id"
        " JOIN rectification_inspectionround r ON r.id = p.round_id"
        " WHERE m.archived_at IS NULL AND p.archived_at IS NULL AND r.archived_at IS NULL"
        f" AND p.round_id IN ({marks})",
        [today, *ids],
    )[0]
    out["inspection_measures"] = total
    out["measures_closed"], out["measures_long_term"] = closed or 0, lt_open or 0
    out["measures_in_progress"] = total - (closed or 0) - (lt_open or 0)
    out["measures_overdue"] = overdue or 0
    # cases, not contacts: a confirmed repeat of a counted petition is merged into it
    case = (
        " LEFT JOIN petitions_petition o ON o.id = p.repeat_of_id"
        " WHERE p.archived_at IS NULL AND p.is_restricted = %s AND p.received_at >= %s AND p.received_at < %s"
        " AND (o.id IS NULL OR o.archived_at IS NOT NULL OR o.is_restricted = %s)"
    )
    out["petitions_handled"] = fetch_all(
        "SELECT COUNT(*) FROM petitions_petition p" + case, [False, start_at, end_at, True]
    )[0][0]
    top = fetch_all(
        "SELECT c.name, COUNT(*) FROM petitions_petition p JOIN petitions_category c ON c.id = p.category_id"
        + case
        + ' GROUP BY c.id, c.name, c."order" ORDER BY COUNT(*) DESC, c."order", c.id',
        [False, start_at, end_at, True],
    )
    for i, (name, _n) in enumerate(top[:5], start=1):
        out[f"petition_category_{i}"] = name
    out["recommendations_issued"] = fetch_all(
        "SELECT COUNT(*) FROM discipline_recommendation WHERE archived_at IS NULL AND status <> 'draft'"
        " AND issued_on >= %s AND issued_on < %s",
        [start, end],
    )[0][0]
    out["criticized_departments"] = fetch_all(
        "SELECT COUNT(DISTINCT o.department_id) FROM petitions_petitionoutcome o"
        " JOIN petitions_petition p ON p.id = o.petition_id"
        " WHERE o.kind IN ('named_criticism', 'deadline_improvement') AND o.department_id IS NOT NULL"
        " AND p.archived_at IS NULL AND o.decided_on >= %s AND o.decided_on < %s",
        [start, end],
    )[0][0]
    by_disposal = dict(
        fetch_all(
            "SELECT disposal, COUNT(*) FROM discipline_clue WHERE archived_at IS NULL"
            " AND disposal_approved_on >= %s AND disposal_approved_on < %s GROUP BY disposal",
            [start, end],
        )
    )
    for code, disposal in (
        ("clue_disposal_talk", "talk_inquiry"),
        ("clue_disposal_verify", "preliminary"),
        ("clue_disposal_shelve", "defer"),
        ("clue_disposal_close", "close"),
    ):
        out[code] = by_disposal.get(disposal, 0)
    return out
