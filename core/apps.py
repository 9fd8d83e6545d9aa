from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "系统基础"

    def ready(self):
        from core import signals  # noqa: F401  (login/logout logging)
