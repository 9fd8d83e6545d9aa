"""Workflow steps announce themselves; whoever must act next is told by a receiver.

A domain service calls ``step_done(event, obj, actor=user)`` inside the step's own transaction,
so what a receiver writes commits with the step and disappears with a rollback (never lost,
never sent for a step that did not happen). The signal is Django's (``workflow_step``); the
reminders app connects the receiver (``reminders.workflow``), so core knows nothing of who is
told. A receiver's error is the step's error (``send``, not ``send_robust``): no step without
its notice.

``steps_untold()`` is for steps entered long after they happened (an import of a past year's
records, 补录 in bulk): nobody is asked to act on a step years old, so nothing is announced
while it is active. A context variable, so it covers only the code that opened it.
"""

import contextlib
import contextvars

from django.dispatch import Signal

# sent with event (e.g. "measure.submit"), obj, actor and the step's own context (reason …)
workflow_step = Signal()

_untold = contextvars.ContextVar("workflow_steps_untold", default=False)


@contextlib.contextmanager
def steps_untold():
    """Within the block, ``step_done`` announces nothing (the past is recorded, not acted upon)."""
    token = _untold.set(True)
    try:
        yield
    finally:
        _untold.reset(token)


def step_done(event: str, obj, *, actor, **context) -> None:
    if _untold.get():
        return
    workflow_step.send(sender=type(obj), event=event, obj=obj, actor=actor, **context)
