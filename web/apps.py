from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages people work in (工作台); the API serves integrations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "web"
    verbose_name = "工作台"

    def ready(self):
        from web import exports  # noqa: F401  (registers the lists' background export)
