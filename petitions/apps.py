from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "信访举报"

    def ready(self):
        from petitions import jobs, visibility  # noqa: F401  (scoping rules, background export)
        from petitions.deadlines import register_bindings

        register_bindings()
