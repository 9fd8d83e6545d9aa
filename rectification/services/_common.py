"""Small helpers shared by the services."""

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core.backfill import step_moment
from core.errors import field_error
from rectification.models import Measure, MeasureReview, ProgressUpdate


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


def step_bounds(measure_id) -> dict:
    """In one query: the round's feedback day, the latest review's time and progress note's day."""
    live = {"measure": OuterRef("pk"), "archived_at__isnull": True}
    review = MeasureReview.objects.filter(**live).order_by("-at").values("at")[:1]
    progress = ProgressUpdate.objects.filter(**live).order_by("-date").values("date")[:1]
    return (
        Measure.objects.filter(pk=measure_id)
        .annotate(last_review_at=Subquery(review), last_progress_date=Subquery(progress))
        .values("problem__round__feedback_date", "last_review_at", "last_progress_date")
        .get()
    )


def step_at(at, bounds: dict, *, label, after=(), field="at"):
    """When a measure's step happened (``core.backfill.step_moment``): now by default; not in the
    future, not before the round's feedback day (``bounds``, from ``step_bounds``) nor the latest of
    ``after`` ((moment, what))."""
    feedback = day_start(bounds["problem__round__feedback_date"])
    limits = [(m, what) for m, what in [(feedback, "巡察反馈日期"), *after] if m is not None]
    moment, what = max(limits, key=lambda b: b[0]) if limits else (None, "")
    return step_moment(at, field=field, label=label, not_before=moment, not_before_label=what)
