"""Writes of the reminders app that users make (reading their notifications)."""

from django.db import transaction
from django.utils import timezone

from core.scoping import get_visible_or_404
from reminders.models import Notification
from reminders.selectors import notification_list


def notification_mark_read(*, user, notification_id) -> Notification:
    """Mark one of the user's own notifications read (404 for anyone else's)."""
    with transaction.atomic():
        notification = get_visible_or_404(Notification, user=user, pk=notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    return notification_list(user=user, unread=True).update(read_at=timezone.now())
