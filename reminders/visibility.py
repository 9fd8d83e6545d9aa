"""Visibility of the reminder records (core.scoping).

A notification is its user's alone. Reminder and outbox records name items (number and
title): the 纪检负责人 oversees 督办 and sees them all; everyone else sees only those
addressed to themselves. The ladder and delivery settings are configuration.
"""

from core.scoping import register_visibility
from organization.roles import Role
from reminders.models import (
    CalendarNotice,
    DeliverySettings,
    Notification,
    OutboxMessage,
    Reminder,
    ReminderStep,
    ScanRun,
)


@register_visibility(Notification)
@register_visibility(CalendarNotice)
def _notifications(actor, qs):
    return qs.filter(user_id=actor.user_id)


@register_visibility(Reminder)
@register_visibility(OutboxMessage)
def _records(actor, qs):
    if actor.has_role(Role.SUPERVISOR):
        return qs
    return qs.filter(recipient_id=actor.person_id)


@register_visibility(ReminderStep)
@register_visibility(DeliverySettings)
@register_visibility(ScanRun)
def _config(actor, qs):
    return qs
