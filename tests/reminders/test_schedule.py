"""The beat schedule and the ladder are data created by migrations, editable in admin."""

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
