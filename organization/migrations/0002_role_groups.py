"""Create the five role groups. Their permissions are synced from organization.roles after migrate."""

from django.db import migrations

GROUPS = ["纪检干部", "纪检负责人", "责任部门联络员", "领导", "系统管理员"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("organization", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
