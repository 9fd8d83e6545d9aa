"""The 整改方案's deadline (rule round-plan): seeded, counted from the feedback, editable, reminded
by the ladder like the two reports, and brought into an existing install by the migration.
Dates are computed from a fixed past feedback (inside the holiday library)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from deadlines.models import DeadlineRule
from rectification.models import InspectionRound
from rectification.services.structure import round_create, round_update
from reminders.scan import run_scan
from reminders.sources import get_source
from tests.deadlines.test_rules_as_texts import D, at, reminded

pytestmark = pytest.mark.django_db


def test_the_rule_is_seeded_with_a_basis_that_says_what_is_unverified():
    rule = DeadlineRule.objects.get(code="round-plan")
    assert (rule.amount, rule.unit, rule.event) == (1, "month", "feedback")
    assert "本地做法" in rule.legal_basis and "待核" in rule.legal_basis and rule.is_active


def test_the_plan_is_due_a_month_after_the_feedback_and_reminded_until_submitted(inspector, api_as, time_machine):
    rnd = round_create(user=inspector, name="2025年市委第一巡察组巡察", feedback_date=D(2025, 8, 29))
    assert rnd.plan_due_date == D(2025, 9, 29)
    rules = api_as(inspector).get(reverse("rectification-round-detail", args=[rnd.pk])).json()
    plan = next(r for r in rules["deadline_rules"] if r["code"] == "round-plan")
    assert plan["due_date"] == "2025-09-29" and rules["plan_due_date"] == "2025-09-29"
    time_machine.move_to(at(D(2025, 9, 30)), tick=False)
    run_scan()
    assert reminded("round.plan", rnd)
    assert get_source("round.plan").link({"pk": rnd.pk}) == reverse("web:round-detail", kwargs={"pk": rnd.pk})


def test_a_submitted_plan_is_not_reminded_and_the_date_is_refused_before_the_feedback(inspector, time_machine):
    from core.errors import ApplicationError

    rnd = round_create(user=inspector, name="2025年市委第二巡察组巡察", feedback_date=D(2025, 8, 29))
    with pytest.raises(ApplicationError) as exc:
        round_update(user=inspector, round=rnd, plan_submitted_on=D(2025, 8, 1))
    assert "plan_submitted_on" in exc.value.detail
    rnd = round_update(user=inspector, round=InspectionRound.objects.get(pk=rnd.pk), plan_submitted_on=D(2025, 9, 20))
    time_machine.move_to(at(D(2025, 9, 30)), tick=False)
    run_scan()
    assert not reminded("round.plan", rnd)


def test_changing_the_rule_recomputes_open_rounds(inspector):
    from deadlines.services import recompute_due_dates

    rnd = round_create(user=inspector, name="2025年市委第三巡察组巡察", feedback_date=D(2025, 8, 29))
    DeadlineRule.objects.filter(code="round-plan").update(amount=20, unit="day")
    recompute_due_dates()
    rnd.refresh_from_db()
    assert rnd.plan_due_date == D(2025, 9, 18)  # Thursday 18 September 2025, 20 日 after the feedback


def test_the_migration_adds_the_rule_to_an_install_without_it_and_keeps_an_admins():
    migration = importlib.import_module("rectification.migrations.0007_round_plan_due")
    DeadlineRule.objects.filter(code="round-plan").delete()
    migration.seed_rule(apps, None)
    assert DeadlineRule.objects.get(code="round-plan").amount == 1
    DeadlineRule.objects.filter(code="round-plan").update(amount=20, unit="day")
    migration.seed_rule(apps, None)
    assert DeadlineRule.objects.get(code="round-plan").amount == 20
