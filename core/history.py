"""Who made a change and why, as django-simple-history records it with the next save."""

from typing import Any


def attribute(obj, user=None, reason: str = ""):
    """Attribute the next save of ``obj`` in its history to ``user``, with ``reason``.

    simple_history reads these two attributes off the instance; typed loosely on purpose."""
    target: Any = obj
    if user is not None:
        target._history_user = user
    if reason:
        target._change_reason = reason
    return obj
