"""A seeded mix for the 工作台 tests: red / yellow / green / closed / 长期坚持 / no-deadline items
in every module, in two departments, and the same again in an archived round (which no number
may count)."""

import datetime as dt

from django.utils import timezone

from discipline.models import Clue
from discipline.services import recommendations as rec_services
from petitions.models import Category, Petition
from rectification.models import DeadlineKind, MeasureStatus
from tests.discipline.factories import clue_at, issued_recommendation, register_clue
from tests.petitions.factories import register, transferred
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory


def _days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def seed_measures(rnd, departments, *, copies=1):
    """Per department: red, yellow (due today), green, signed off, 长期坚持, submitted-and-red."""
    for _ in range(copies):
        for dept in departments:
            problem = ProblemFactory(round=rnd)
            for due, extra in (
                (_days(-5), {}),
                (_days(0), {}),
                (_days(90), {}),
                (_days(-9), {"status": MeasureStatus.SIGNED_OFF}),
                (None, {"deadline_kind": DeadlineKind.LONG_TERM}),
                (_days(-2), {"status": MeasureStatus.SUBMITTED}),
            ):
                MeasureFactory(problem=problem, lead_department=dept, due_date=due, **extra)


def seed(inspector, supervisor, departments, *, copies=1, suffix=""):
    current = RoundFactory(name=f"本轮巡察{suffix}", feedback_date=_days(-200))
    archived = RoundFactory(name=f"已归档的巡察{suffix}", feedback_date=_days(-900))
    seed_measures(current, departments, copies=copies)
    seed_measures(archived, departments, copies=copies)
    type(archived).objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    MeasureFactory(problem=ProblemFactory(round=current), lead_department=None, due_date=_days(-1))

    other = Category.objects.exclude(name="服务态度").order_by("pk").first()
    for _ in range(copies):
        for due in (_days(-3), _days(0), _days(30)):
            p = register(inspector)
            Petition.objects.filter(pk=p.pk).update(next_due=due, next_due_unit="day")
        undated = register(inspector, category=other, summary="无期限")
        Petition.objects.filter(pk=undated.pk).update(next_due=None)
        gone = register(inspector)
        Petition.objects.filter(pk=gone.pk).update(next_due=_days(-3), archived_at=timezone.now())
        for dept in departments:
            late = transferred(inspector, dept)
            Petition.objects.filter(pk=late.pk).update(transfer_due=_days(-1))
            transferred(inspector, dept)

    for _ in range(copies):
        for due in (_days(-4), _days(0), _days(40), None):
            clue = register_clue(inspector)
            Clue.objects.filter(pk=clue.pk).update(due_date=due, handler_id=inspector.pk)
        gone = register_clue(inspector)
        Clue.objects.filter(pk=gone.pk).update(due_date=_days(-4), archived_at=timezone.now())
        clue_at(Clue.Status.CONCLUDED, registrar=inspector, supervisor=supervisor)
        for dept in departments:
            issued_recommendation(inspector, department=dept, issued_on=_days(-60))  # red
            issued_recommendation(inspector, department=dept)
            replied = issued_recommendation(inspector, department=dept, issued_on=_days(-60))
            rec_services.recommendation_reply(user=inspector, rec=replied, reply_text="已整改")
    return current, archived
