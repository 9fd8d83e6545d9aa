"""Reads of the reminders app."""

from core.scoping import visible_to
from reminders.models import Notification


def notification_list(*, user, unread: bool | None = None):
    qs = visible_to(Notification, user=user)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    return qs


def notification_unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()
