import datetime as dt

import pytest
from django.urls import reverse

from deadlines.calendar import WorkCalendar
from deadlines.light import Light, light_for, light_q, yellow_boundary
from deadlines.models import CalendarDay, CalendarYear, DeadlinePolicy, DeadlineRule, Unit
from deadlines.services import due_for

D = dt.date
TODAY = D(2026, 3, 2)  # a Monday


@pytest.mark.django_db
class TestLight:
    def test_each_colour(self):
        policy = DeadlinePolicy.load()  # warning window 10 days
        kw = {"today": TODAY, "policy": policy}
        assert light_for(TODAY, closed=True, **kw) == Light.GREY
        assert light_for(None, long_term=True, **kw) == Light.NONE
        assert light_for(TODAY - dt.timedelta(days=1), **kw) == Light.RED
        assert light_for(TODAY, **kw) == Light.YELLOW
        assert light_for(TODAY + dt.timedelta(days=10), **kw) == Light.YELLOW
        assert light_for(TODAY + dt.timedelta(days=11), **kw) == Light.GREEN

    def test_window_follows_the_shared_setting(self):
        policy = DeadlinePolicy.load()
        policy.warning_days = 3
        policy.save()
        assert light_for(TODAY + dt.timedelta(days=4), today=TODAY) == Light.GREEN
        assert light_for(TODAY + dt.timedelta(days=3), today=TODAY) == Light.YELLOW

    def test_working_day_window_skips_holidays(self):
        # 1 working day before the due date: from 2026-09-30 the next working day is 10月8日
        boundary = yellow_boundary(D(2026, 9, 30), unit=Unit.WORKDAY)
        assert boundary == D(2026, 10, 8)
        assert light_for(D(2026, 10, 8), today=D(2026, 9, 30), unit=Unit.WORKDAY) == Light.YELLOW
        assert light_for(D(2026, 10, 9), today=D(2026, 9, 30), unit=Unit.WORKDAY) == Light.GREEN

    def test_database_filter_agrees_with_python(self):
        # CalendarDay rows stand in for any dated item: light_q is generic over the
        # date field and the "closed" condition (here: is_workday=True means closed).
        from django.db.models import Q

        year = CalendarYear.objects.create(year=2026)
        offsets = [-5, -1, 0, 1, 10, 11, 40]
        for i, offset in enumerate(offsets):
            CalendarDay.objects.create(calendar=year, date=TODAY + dt.timedelta(days=offset), is_workday=(i == 0))
        boundary = yellow_boundary(TODAY)
        closed_q = Q(is_workday=True)
        for light in (Light.GREY, Light.RED, Light.YELLOW, Light.GREEN):
            in_db = set(
                CalendarDay.objects.filter(
                    light_q(light, field="date", today=TODAY, boundary=boundary, closed_q=closed_q)
                ).values_list("date", flat=True)
            )
            in_python = {
                day.date
                for day in CalendarDay.objects.all()
                if light_for(day.date, today=TODAY, boundary=boundary, closed=day.is_workday) == light
            }
            assert in_db == in_python, light
        assert in_db == {TODAY + dt.timedelta(days=11), TODAY + dt.timedelta(days=40)}  # the last loop: green


@pytest.mark.django_db
class TestRules:
    def test_every_default_rule_is_seeded(self):
        codes = set(DeadlineRule.objects.values_list("code", flat=True))
        assert {
            "accusation-notify",
            "petition-conclude",
            "complaint-notify",
            "clue-disposal",
            "round-report",
            "transfer-reply",
            "recommendation-reply",
        } <= codes
        conclude = DeadlineRule.objects.get(code="petition-conclude")
        assert (conclude.amount, conclude.unit, conclude.max_extension) == (60, Unit.DAY, 30)

    def test_due_for_reads_the_rule_not_a_literal(self):
        start = D(2026, 3, 2)
        assert due_for("complaint-notify", start).date == WorkCalendar().add_workdays(start, 7).date
        DeadlineRule.objects.filter(code="complaint-notify").update(amount=3)
        assert due_for("complaint-notify", start).date == WorkCalendar().add_workdays(start, 3).date

    def test_rules_api_and_compute(self, api_as, inspector):
        client = api_as(inspector)
        response = client.get(reverse("deadline-rule-list"))
        assert response.status_code == 200
        assert any(r["code"] == "round-report" for r in response.json()["results"])
        url = reverse("deadline-rule-compute", kwargs={"code": "round-report"})
        response = client.get(url, {"start": "2026-08-01"})
        assert response.status_code == 200
        assert response.json()["due_date"] == "2026-10-08"  # 2 个月 → 10月1日 (国庆) → 10月8日

    def test_compute_rejects_bad_input(self, api_as, inspector):
        client = api_as(inspector)
        url = reverse("deadline-rule-compute", kwargs={"code": "round-report"})
        response = client.get(url, {"start": "2026-13-01"})
        assert response.status_code == 400
        assert "start" in response.json()["detail"]
        response = client.get(url)
        assert response.status_code == 400
        assert (
            client.get(reverse("deadline-rule-compute", kwargs={"code": "nope"}), {"start": "2026-01-01"}).status_code
            == 404
        )

    @pytest.mark.parametrize("start", ["9999-12-31", "9999-12-20", "0001-01-01"])
    @pytest.mark.parametrize("code", ["round-report", "petition-conclude", "measure-immediate"])
    def test_compute_rejects_a_start_outside_the_calendar_range(self, api_as, inspector, code, start):
        # Near year 9999 the due date overflowed (a 500); year 1 has no meaningful working calendar.
        response = api_as(inspector).get(reverse("deadline-rule-compute", kwargs={"code": code}), {"start": start})
        assert response.status_code == 400, response.content
        assert response.json()["detail"]["start"] == ["起算日期应在 2000-01-01 至 2099-12-31 之间"]

    def test_amount_must_be_positive(self):
        from django.db import IntegrityError, transaction

        with transaction.atomic(), pytest.raises(IntegrityError):
            DeadlineRule.objects.filter(code="round-report").update(amount=0)


@pytest.mark.django_db
def test_an_admin_cannot_save_a_rule_amount_beyond_a_year(client, admin_user):
    rule = DeadlineRule.objects.get(code="transfer-reply")
    client.force_login(admin_user)
    url = reverse("admin:deadlines_deadlinerule_change", args=[rule.pk])
    data = {
        "name": rule.name,
        "applies_to": rule.applies_to,
        "event": rule.event,
        "amount": 100000,
        "unit": rule.unit,
        "max_extension": rule.max_extension,
        "legal_basis": rule.legal_basis,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert f"期限数量不能超过 {DeadlineRule.MAX_AMOUNT[rule.unit]}" in response.content.decode()
    rule.refresh_from_db()
    assert rule.amount != 100000
    data["amount"] = rule.amount + 1  # a sensible change saves
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.amount == data["amount"]
