"""The bell's count: read from the reminders app when it is installed, else nothing to show."""

from django.apps import apps


def unread_count(user) -> int | None:
    if not apps.is_installed("reminders"):
        return None
    from reminders import selectors  # noqa: PLC0415 (optional app)

    return selectors.notification_unread_count(user=user)
