"""Factories for the reports app (activities, risk points)."""

import datetime as dt

import factory

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
