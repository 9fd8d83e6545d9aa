from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "催办督办"

    def ready(self):
        from reminders import catalog, visibility, workflow  # noqa: F401  (registers sources, scoping rules, the step listener)
