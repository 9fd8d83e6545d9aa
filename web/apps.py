from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages people work in (工作台); the API serves integrations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "web"
    verbose_name = "工作台"

    def ready(self):
        from django.apps import apps

        if apps.is_installed("reminders"):
            from reminders.wording import register_page_for
            from web.notifications import page_for

            register_page_for(page_for)  # mails and robots link to the page, as the bell does
