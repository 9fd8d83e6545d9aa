from django.db import migrations

from deadlines.defaults import DEFAULT_RULES


def seed(apps, schema_editor):
    Rule = apps.get_model("deadlines", "DeadlineRule")
    Policy = apps.get_model("deadlines", "DeadlinePolicy")
    for code, name, applies_to, event, amount, unit, max_ext, basis in DEFAULT_RULES:
        Rule.objects.get_or_create(
            code=code,
            defaults={"name": name, "applies_to": applies_to, "event": event, "amount": amount, "unit": unit,
                      "max_extension": max_ext, "legal_basis": basis},
        )
    Policy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
