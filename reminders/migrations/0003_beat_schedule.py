"""The beat schedule, stored in the database (django-celery-beat) so an admin can change it:
the daily scan at 07:30 and the outbox sweeper every 10 minutes."""

from django.conf import settings
from django.db import migrations

SCAN = ("催办督办：每日扫描", "reminders.tasks.daily_scan_task")
SWEEP = ("催办督办：补发待发消息", "reminders.tasks.sweep_outbox_task")


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    interval, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SCAN[0],
        defaults={"task": SCAN[1], "crontab": crontab, "description": "扫描所有未办结且有期限的事项，生成提醒"},
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP[0],
        defaults={
            "task": SWEEP[1],
            "interval": interval,
            "description": "发送到期的邮件摘要；当日扫描未执行时补做扫描",
        },
    )
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[SCAN[0], SWEEP[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_seed_ladder"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
