"""Factories for the reports app (activities, risk points)."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from reports.models import Activity, ActivityKind, RiskCategory, RiskPoint


def kind(code):
    return ActivityKind.objects.get(code=code)


def category(name):
    return RiskCategory.objects.get(name=name)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: kind("party-conduct-meeting"))
    date = dt.date(2023, 3, 1)
    title = factory.Sequence(lambda n: f"工作记录{n}")
    quantity = 1


class RiskPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskPoint

    category = factory.LazyFunction(lambda: category("财务管理"))
    date = dt.date(2023, 4, 1)
    title = factory.Sequence(lambda n: f"风险点{n}")
    shortcoming_count = 1
    shortcomings = "短板"
    suggestion_count = 1
    suggestions = "建议"


# --- direct rows of the other apps (for compiler tests; the API test goes through their APIs) ---------
_seq = itertools.count(1)


def petition_row(user, received_on, category_name=None, **kwargs):
    from petitions.models import Category, Petition

    seq = next(_seq)
    kwargs.setdefault("summary", "反映服务问题")
    return Petition.objects.create(
        year=received_on.year,
        seq=seq,
        number=f"测〔{received_on.year}〕{seq}号",
        received_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(10))),
        channel="hotline",
        kind="complaint",
        registered_by=user,
        category=Category.objects.get(name=category_name) if category_name else None,
        **kwargs,
    )


def outcome_row(user, petition, department, kind, decided_on):
    from petitions.models import PetitionOutcome

    return PetitionOutcome.objects.create(
        petition=petition, department=department, kind=kind, decided_on=decided_on, created_by=user
    )


def recommendation_row(user, department, issued_on):
    from discipline.models import Recommendation

    return Recommendation.objects.create(
        status=Recommendation.Status.ISSUED,
        year=issued_on.year,
        seq=next(_seq),
        issued_on=issued_on,
        title="关于加强管理的纪律检查建议",
        target_department=department,
        source=Recommendation.Source.PETITION,
        problems="问题",
        recommendations="建议",
        created_by=user,
    )


def clue_row(user, subject, approved_on, disposal):
    from discipline.models import Clue

    return Clue.objects.create(
        year=approved_on.year,
        seq=next(_seq),
        received_date=approved_on - dt.timedelta(days=10),
        source=Clue.Source.OTHER,
        subject_person=subject,
        summary="线索",
        status=Clue.Status.APPROVED,
        disposal=disposal,
        disposal_approved_on=approved_on,
        approved_on=approved_on,
        created_by=user,
    )


def round_with_measures(team, feedback, *, aspects=1, problems=1, measures=1, department=None, status=None):
    from rectification.models import Aspect, InspectionRound, Measure, Problem

    rnd = InspectionRound.objects.create(
        name=f"{team}{feedback}{next(_seq)}", inspection_team=team, feedback_date=feedback
    )
    for a in range(aspects):
        aspect = Aspect.objects.create(round=rnd, title=f"方面{a}", order=a)
        for p in range(problems):
            problem = Problem.objects.create(round=rnd, aspect=aspect, text=f"问题{a}-{p}", order=p)
            for m in range(measures):
                Measure.objects.create(
                    problem=problem,
                    content=f"措施{a}-{p}-{m}",
                    lead_department=department,
                    deadline_kind="date",
                    due_date=feedback + dt.timedelta(days=60),
                    **({"status": status} if status else {}),
                )
    return rnd


def demo_year(user, year):
    """A year of varied records, as the demo seed has them (in small numbers), and a few in the
    neighbouring years: many figures have data, some have none (no 廉宣墙报, no 典型案例 …)."""
    from tests.factories import DepartmentFactory, PersonFactory

    dept = DepartmentFactory()
    for month in (2, 5, 9):
        ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(year, month, 1))
    ActivityFactory(kind=kind("work-info"), date=dt.date(year, 3, 1), quantity=3)
    ActivityFactory(kind=kind("work-info"), date=dt.date(year + 1, 3, 1))  # another year: not counted
    RiskPointFactory(category=category("工单受理"), date=dt.date(year, 4, 1), department=dept)
    petitions = [petition_row(user, dt.date(year, m, 10)) for m in (1, 6)]
    petition_row(user, dt.date(year - 1, 12, 30))
    outcome_row(user, petitions[0], dept, "named_criticism", dt.date(year, 7, 1))
    recommendation_row(user, dept, dt.date(year, 8, 1))
    recommendation_row(user, dept, dt.date(year - 1, 8, 1))
    clue_row(user, PersonFactory(), dt.date(year, 5, 1), "talk_inquiry")
    round_with_measures("市委第三巡察组", dt.date(year, 3, 1), aspects=2, problems=2, measures=2, department=dept)
