from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = "巡察整改"

    def ready(self):
        from rectification import due_dates, jobs, visibility  # noqa: F401  (jobs: background import/export)

        due_dates.register()
