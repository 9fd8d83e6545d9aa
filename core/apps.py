from django.apps import AppConfig

from core.dates import install_date_validator
from core.text import install_text_validator

# Before any app's ready(): the admin's autodiscovery builds form classes (and their fields)
# as it imports each admin module, and they must carry the shared input validators too.
install_text_validator()
install_date_validator()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "系统基础"

    def ready(self):
        from core import signals  # (login/logout logging, account hooks)
        from core.jobs import selectors  # noqa: F401  (registers the jobs' scoping rule)

        signals.connect_account_hooks()
        from django.db.backends.signals import connection_created

        from core.db_session import apply_session_settings

        connection_created.connect(apply_session_settings, dispatch_uid="core.db_session")
        # The Person hooks, the actor resolver and the roles of 三员分立 are registered by the
        # people app's ready() (core imports no app above it); core.checks reports any missing.
        from core import checks  # noqa: F401
