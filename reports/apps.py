from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from reports import metrics, visibility  # noqa: F401  (register scoping rules and metrics)
