"""Workflow steps announce themselves; whoever must act next is told by a receiver.

A domain service calls ``step_done(event, obj, actor=user)`` inside the step's own transaction,
so what a receiver writes commits with the step and disappears with a rollback (never lost,
never sent for a step that did not happen). The signal is Django's (``workflow_step``); the
reminders app connects the receiver (``reminders.workflow``), so core knows nothing of who is
told. A receiver's error is the step's error (``send``, not ``send_robust``): no step without
its notice.
"""

from django.dispatch import Signal

# sent with event (e.g. "measure.submit"), obj, actor and the step's own context (reason …)
workflow_step = Signal()


def step_done(event: str, obj, *, actor, **context) -> None:
    workflow_step.send(sender=type(obj), event=event, obj=obj, actor=actor, **context)
