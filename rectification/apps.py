from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = "巡察整改"

    def ready(self):
        from rectification import due_dates, visibility  # noqa: F401

        due_dates.register()
