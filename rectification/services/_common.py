"""Small helpers shared by the services."""

import datetime as dt

from django.utils import timezone

from core.backfill import step_moment
from core.errors import field_error
from rectification.models import Measure


def require_text(value, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise field_error(field, f"请填写{label}", code="required")
    return value


def next_order(qs) -> int:
    last = qs.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def day_start(day):
    """The first moment of ``day`` in the unit's zone (a step may not come before a dated one)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def step_at(at, measure_id, *, label, after=(), field="at"):
    """When a measure's step happened (``core.backfill.step_moment``): now by default; not in
    the future, not before the round's feedback day nor the latest of ``after`` ((moment, what))."""
    feedback = Measure.objects.filter(pk=measure_id).values_list("problem__round__feedback_date", flat=True).first()
    bounds = [(m, what) for m, what in [(day_start(feedback), "巡察反馈日期"), *after] if m is not None]
    moment, what = max(bounds, key=lambda b: b[0]) if bounds else (None, "")
    return step_moment(at, field=field, label=label, not_before=moment, not_before_label=what)
