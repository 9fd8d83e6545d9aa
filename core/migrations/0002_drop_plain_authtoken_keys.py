"""Drop DRF's plain ``authtoken_token`` table: its keys were stored in clear.

API tokens are now django-rest-knox's (only a digest is stored). A plain key cannot be
turned into a knox token without keeping it usable forever, so existing tokens are
deleted, not converted: API clients log in again at ``/api/v1/auth/token/`` (README).
"""

from django.db import migrations


def drop_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    tables = connection.introspection.table_names()
    if "authtoken_token" in tables:
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")
    recorder = "django_migrations"
    if recorder in tables:
        schema_editor.execute(f"DELETE FROM {schema_editor.quote_name(recorder)} WHERE app = %s", ["authtoken"])
    # Its permissions (and any role's hold on them) go with it.
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(drop_plain_tokens, migrations.RunPython.noop, elidable=False)]
