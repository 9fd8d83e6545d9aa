"""A first ``migrate`` leaves every role group with all its permissions (no second run needed).

Permissions are created app by app in post_migrate; the roles must be synced only after the
last app's, or the 系统管理员 menu lacks the apps migrated after ``organization`` (deadlines,
reminders …) until the next ``run.sh``.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db.models import Q

from organization.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def _expected(role):
    query = Q(pk__in=[])
    for app_label, actions in ROLE_PERMISSIONS[role].items():
        for action in actions:
            query |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    return set(Permission.objects.filter(query).values_list("content_type__app_label", "codename"))


def _held(role):
    group = Group.objects.get(name=GROUP_NAMES[role])
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_one_post_migrate_pass_over_an_empty_permission_table_gives_every_role_its_permissions():
    # given: a database as a first migrate finds it — no permission rows at all yet
    Permission.objects.all().delete()
    assert not Permission.objects.exists()
    # when: the post_migrate of one migrate run (every app in order, once)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    # then
    admin = _held(Role.ADMIN)
    assert {"deadlines", "reminders", "django_celery_beat", "axes", "auth", "organization"} <= {a for a, _ in admin}
    assert ("deadlines", "change_calendaryear") in admin and ("reminders", "change_reminderstep") in admin
    for role in Role:
        assert _held(role) == _expected(role), role.label
    assert all(app == "axes" for app, codename in admin if codename.startswith("delete_"))
