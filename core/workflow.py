"""Workflow steps announce themselves; whoever must act next is told by a listener.

A domain service calls ``step_done(event, obj, actor=user)`` inside the step's own
transaction, so what a listener writes commits with the step and disappears with a
rollback (never lost, never sent for a step that did not happen). The reminders app
registers the listener (``reminders.workflow``); core knows nothing of who is told.
"""

_listeners: list = []


def register_step_listener(func):
    """``func(event, obj, *, actor, **context)`` is called for every step."""
    if func not in _listeners:
        _listeners.append(func)
    return func


def step_done(event: str, obj, *, actor, **context) -> None:
    for listener in _listeners:
        listener(event, obj, actor=actor, **context)
