from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "系统基础"

    def ready(self):
        from core import signals  # (login/logout logging, account hooks)

        signals.connect_account_hooks()
        signals.connect_person_hooks()
