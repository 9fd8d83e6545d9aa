"""Validation helpers shared by the clue and recommendation services."""

import datetime as dt

from core.backfill import step_day
from core.errors import field_error
from core.scoping import actor_for
from organization.models import Person


def actor_of(user):
    return actor_for(user)


def check_date(value, *, field: str, label: str, not_before: dt.date | None = None, not_before_label: str = ""):
    """A business date: given (default today), not in the future, not before ``not_before``."""
    return step_day(value, field=field, label=label, not_before=not_before, not_before_label=not_before_label)


def require_text(value, *, field: str, label: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise field_error(field, f"请填写{label}", code="required")
    if max_length and len(text) > max_length:
        raise field_error(field, f"{label}不能超过 {max_length} 个字")
    return text


def optional_text(value, *, field: str, label: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if max_length and len(text) > max_length:
        raise field_error(field, f"{label}不能超过 {max_length} 个字")
    return text


def signer_name(user) -> str:
    """The name a signature shows: the person's name, else the account's name."""
    name = Person.objects.filter(user=user).values_list("name", flat=True).first()
    return name or user.get_full_name() or user.username
