"""Factories for 巡察整改 models (direct rows; workflow tests go through the services)."""

import datetime as dt

import factory
from django.utils import timezone

from rectification.models import Aspect, DeadlineKind, InspectionRound, Measure, MeasureCoDepartment, Problem


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionRound

    name = factory.Sequence(lambda n: f"测试巡察轮次{n}")
    inspection_team = "市委第三巡察组"
    feedback_date = dt.date(2021, 9, 15)
    rectification_end = factory.LazyAttribute(
        lambda r: r.feedback_date.replace(month=11, day=15) if r.feedback_date == dt.date(2021, 9, 15) else None
    )


class AspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aspect

    round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"第{n}方面")
    order = factory.Sequence(lambda n: n)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    round = factory.SubFactory(RoundFactory)
    text = factory.Sequence(lambda n: f"问题{n}：学习贯彻不够深入")
    order = factory.Sequence(lambda n: n + 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    problem = factory.SubFactory(ProblemFactory)
    content = factory.Sequence(lambda n: f"措施{n}：修订学习制度")
    order = factory.Sequence(lambda n: n + 1)
    deadline_kind = DeadlineKind.DATE
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    deadline_text = "按期完成"

    @factory.post_generation
    def co_departments(self, create, extracted, **kwargs):
        for department in extracted or []:
            MeasureCoDepartment.objects.create(measure=self, department=department)
