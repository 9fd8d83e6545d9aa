from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = "问题线索与纪律检查建议书"

    def ready(self):
        from discipline import jobs, visibility  # noqa: F401  (scoping rules, due-date bindings, background exports)
