from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "信访举报"

    def ready(self):
        from petitions import visibility  # noqa: F401
        from petitions.deadlines import register_bindings

        register_bindings()
