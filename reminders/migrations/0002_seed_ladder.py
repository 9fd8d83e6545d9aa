"""The default ladder of DOMAIN.md §4: each stage adds people to the one before it."""

from django.db import migrations

LADDER = [
    # stage, responsible person, responsible leader, department head, supervisor, principal leader
    ("notice", True, False, False, False, False),
    ("warning", True, True, False, False, False),
    ("due", True, True, False, False, False),
    ("overdue", True, True, True, True, False),
    ("escalation", True, True, True, True, True),
]


def seed(apps, schema_editor):
    ReminderStep = apps.get_model("reminders", "ReminderStep")
    DeliverySettings = apps.get_model("reminders", "DeliverySettings")
    for stage, person, leader, head, supervisor, principal in LADDER:
        ReminderStep.objects.get_or_create(
            stage=stage,
            defaults={
                "to_responsible_person": person,
                "to_responsible_leader": leader,
                "to_department_head": head,
                "to_supervisor": supervisor,
                "to_principal_leader": principal,
            },
        )
    DeliverySettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
