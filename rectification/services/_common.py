"""Small helpers shared by the services."""

from core.errors import field_error


def require_text(value, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise field_error(field, f"请填写{label}", code="required")
    return value


def next_order(qs) -> int:
    last = qs.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1
