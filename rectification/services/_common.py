"""Small helpers shared by the services."""

from core.errors import ApplicationError, PermissionDeniedError


def record(obj, user, reason=""):
    """Attribute the next save of ``obj`` in its history to ``user``, with ``reason``."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    return obj


def require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDeniedError(message)


def invalid(field: str, message: str, *, code="invalid"):
    return ApplicationError(message, code=code, detail={field: [message]})


def require_text(value, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise invalid(field, f"请填写{label}", code="required")
    return value


def next_order(qs) -> int:
    last = qs.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1
