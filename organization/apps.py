from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = "组织机构与人员"

    def ready(self):
        from django.db.models.signals import post_migrate

        from organization import visibility  # noqa: F401  (registers scoping rules)
        from organization.roles import sync_role_groups

        # After the last app's post_migrate, not this app's: the permissions of the apps after
        # this one (deadlines, reminders …) are created by their own post_migrate, so syncing on
        # ours left a fresh database's roles without them until a second ``migrate``.
        post_migrate.connect(_sync_roles, dispatch_uid="organization.sync_role_groups")
        self._sync = sync_role_groups


def _last_app_with_models():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def _sync_roles(sender, **kwargs):
    from organization.roles import sync_role_groups

    if sender is not _last_app_with_models():
        return
    sync_role_groups(using=kwargs.get("using", "default"))
