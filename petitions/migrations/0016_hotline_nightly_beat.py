"""The nightly 12345 folder import in the beat schedule (django-celery-beat, editable in admin): 02:30."""

from django.conf import settings
from django.db import migrations

TASK = ("12345工单：每晚从目录导入", "petitions.tasks.import_hotline_folders_task")


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.get_or_create(
        name=TASK[0],
        defaults={
            "task": TASK[1],
            "crontab": crontab,
            "description": "每个启用且设置了定时导入目录的12345工单来源：导入目录中尚未导入的文件（按文件名和指纹识别）",
        },
    )
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0015_hotline_import_sha256"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
