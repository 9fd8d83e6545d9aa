"""The beat schedule and the ladder are data created by migrations, editable in admin."""

import datetime as dt

import pytest
from django.urls import reverse

from reminders.models import ReminderStep, Stage


@pytest.mark.django_db
def test_migration_creates_the_daily_scan_and_the_sweeper():
    from django_celery_beat.models import PeriodicTask

    scan = PeriodicTask.objects.select_related("crontab").get(task="reminders.tasks.daily_scan_task")
    assert (scan.crontab.hour, scan.crontab.minute, str(scan.crontab.timezone)) == ("7", "30", "Asia/Shanghai")
    assert scan.enabled
    sweep = PeriodicTask.objects.select_related("interval").get(task="reminders.tasks.sweep_outbox_task")
    assert (sweep.interval.every, sweep.interval.period) == (10, "minutes")


@pytest.mark.django_db
def test_default_ladder_widens_stage_by_stage():
    roles = {step.stage: set(step.roles) for step in ReminderStep.objects.all()}
    assert roles == {
        Stage.NOTICE: {"responsible_person"},
        Stage.WARNING: {"responsible_person", "responsible_leader"},
        Stage.DUE: {"responsible_person", "responsible_leader"},
        Stage.OVERDUE: {"responsible_person", "responsible_leader", "department_head", "supervisor"},
        Stage.ESCALATION: {
            "responsible_person",
            "responsible_leader",
            "department_head",
            "supervisor",
            "principal_leader",
        },
    }


@pytest.mark.django_db
def test_admin_can_edit_the_ladder_and_the_window(client, admin_user):
    client.force_login(admin_user)
    step = ReminderStep.objects.get(stage=Stage.NOTICE)
    assert client.get(reverse("admin:reminders_reminderstep_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_reminderstep_change", args=[step.pk])).status_code == 200
    assert client.get(reverse("admin:reminders_deliverysettings_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_outboxmessage_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_reminderstep_add")).status_code == 403


@pytest.mark.django_db
def test_admin_changes_the_hour_of_the_daily_scan_and_beat_follows(client, admin_user, time_machine):
    from django_celery_beat.models import PeriodicTask, PeriodicTasks
    from django_celery_beat.schedulers import DatabaseScheduler

    from config.celery import app
    from reminders.catch_up import scan_time_passed
    from tests.reminders.conftest import at

    task = PeriodicTask.objects.get(task="reminders.tasks.daily_scan_task")
    before = PeriodicTasks.last_change()
    # When an administrator sets the scan's crontab to 06:00 in 管理后台
    client.force_login(admin_user)
    assert client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])).status_code == 200
    url = reverse("admin:django_celery_beat_crontabschedule_change", args=[task.crontab_id])
    page = client.get(url)
    assert page.status_code == 200
    form = {"minute": "0", "hour": "6", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"}
    form["timezone"] = "Asia/Shanghai"
    # the page lists the tasks using this schedule (read-only inline): send its management form back
    inline = page.context["inline_admin_formsets"][0].formset
    form[f"{inline.prefix}-TOTAL_FORMS"] = form[f"{inline.prefix}-INITIAL_FORMS"] = len(inline.forms)
    for i, row in enumerate(inline.forms):
        form[f"{inline.prefix}-{i}-id"] = row.instance.pk
        form[f"{inline.prefix}-{i}-crontab"] = task.crontab_id
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    # Then a running beat is told the schedule changed, and reads 06:00 from the database
    assert PeriodicTasks.last_change() > before
    day = dt.date(2026, 6, 15)
    time_machine.move_to(at(day, 5, 30), tick=False)  # beat loads the crontab tasks due soon
    entry = DatabaseScheduler(app=app, lazy=True).all_as_schedule()["催办督办：每日扫描"]
    assert (entry.task, entry.schedule.hour, entry.schedule.minute) == ("reminders.tasks.daily_scan_task", {6}, {0})
    # and the sweeper's catch-up follows the new hour too
    assert scan_time_passed(at(day, 6, 10)) and not scan_time_passed(at(day, 5, 50))
