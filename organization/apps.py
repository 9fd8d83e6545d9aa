from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = "组织机构与人员"

    def ready(self):
        from django.db.models.signals import post_migrate

        from organization import visibility  # noqa: F401  (registers scoping rules)
        from organization.roles import sync_role_groups

        _register_core_hooks()

        # After the last app's post_migrate, not this app's: the permissions of the apps after
        # this one (deadlines, reminders …) are created by their own post_migrate, so syncing on
        # ours left a fresh database's roles without them until a second ``migrate``.
        post_migrate.connect(_sync_roles, dispatch_uid="organization.sync_role_groups")
        self._sync = sync_role_groups


def _register_core_hooks():
    """core owns scoping, 三员分立 and the security log but not people: it learns them here."""
    from core import scoping, separation, signals
    from organization.models import Person
    from organization.roles import GROUP_NAMES, Role
    from organization.selectors import resolve_actor

    scoping.register_actor_resolver(resolve_actor)
    separation.register_people(
        person_model=Person,
        content_groups=[GROUP_NAMES[r] for r in (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.OFFICE)],
        admin_group=GROUP_NAMES[Role.ADMIN],
    )
    signals.connect_person_hooks(Person)


def _last_app_with_models():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def _sync_roles(sender, **kwargs):
    from organization.roles import sync_role_groups

    if sender is not _last_app_with_models():
        return
    sync_role_groups(using=kwargs.get("using", "default"))
