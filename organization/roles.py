"""The five roles of DOMAIN.md §1 as groups whose permissions are defined here, in code.

Groups are created by a data migration and their permissions re-synced after every
``migrate`` (post_migrate), so a permission added by a later app reaches its roles.
Django model permissions only govern the admin; business rules (who may sign off,
who may transfer) are plain functions in each app's ``permissions.py``. Reporter
identities are never a model permission: see ``core.grants``.
"""

from django.db import models


class Role(models.TextChoices):
    INSPECTOR = "inspector", "纪检干部"
    SUPERVISOR = "supervisor", "纪检负责人"
    OFFICE = "office", "责任部门联络员"
    LEADER = "leader", "领导"
    ADMIN = "admin", "系统管理员"


GROUP_NAMES = {role.value: role.label for role in Role}
ROLE_BY_GROUP = {label: code for code, label in GROUP_NAMES.items()}

# Roles that work inside the 纪检 office (see everything of rectification, petitions …)
DISCIPLINE_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)

_CONFIG = ("add", "change", "view")
_READ = ("view",)

# role -> {app_label: actions}. "delete" is never granted: cases are archived.
ROLE_PERMISSIONS = {
    Role.ADMIN: {
        "auth": _CONFIG,
        "organization": _CONFIG,
        "deadlines": _CONFIG,
        "django_celery_beat": _CONFIG,
        "axes": ("view", "delete"),
        "reminders": _CONFIG,
    },
    Role.INSPECTOR: {"organization": _READ, "deadlines": _READ, "rectification": _CONFIG, "reports": _CONFIG},
    Role.SUPERVISOR: {
        "organization": _READ,
        "deadlines": _READ,
        "rectification": _CONFIG,
        "reports": _CONFIG,
        "reminders": _READ,
    },
    Role.LEADER: {"organization": _READ, "rectification": _READ, "reports": _READ},
    Role.OFFICE: {},
}


def sync_role_groups(using="default"):
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAMES[role])
        query = Q(pk__in=[])
        for app_label, actions in apps.items():
            for action in actions:
                query |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
        perms = Permission.objects.using(using).filter(query)
        group.permissions.set(perms)


def assign_roles(user, *roles):
    from django.contrib.auth.models import Group

    from core.scoping import forget_actor

    groups = [Group.objects.get_or_create(name=GROUP_NAMES[Role(r)])[0] for r in roles]
    user.groups.add(*groups)
    if Role.ADMIN in roles and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_actor(user)
