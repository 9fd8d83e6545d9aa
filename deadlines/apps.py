from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = "期限规则与节假日"

    def ready(self):
        from deadlines import signals, visibility  # noqa: F401
