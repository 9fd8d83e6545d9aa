from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = "组织机构与人员"

    def ready(self):
        from django.db.models.signals import post_migrate

        from organization import visibility  # noqa: F401  (registers scoping rules)
        from organization.roles import sync_role_groups

        post_migrate.connect(_sync_roles, sender=self)
        self._sync = sync_role_groups


def _sync_roles(sender, **kwargs):
    from organization.roles import sync_role_groups

    sync_role_groups(using=kwargs.get("using", "default"))
