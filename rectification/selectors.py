"""Reads of 巡察整改. Every one starts from the visibility functions (core.scoping).

Counts and rates are computed over the measures the user may see, so an office user's
view of a round never reveals other departments' measures, even as numbers.
"""

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.scoping import actor_for, get_visible_or_404, visible_to
from deadlines.light import Light, light_q
from deadlines.light import LightContext as BaseLightContext
from organization.models import Department
from rectification.models import (
    Aspect,
    Evidence,
    Extension,
    InspectionRound,
    Measure,
    MeasureReview,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)
from rectification.models.measures import CLOSED_Q, DONE_STATUSES, LONG_TERM_Q


class LightContext(BaseLightContext):
    """Measures' deadlines count calendar days: ``boundary`` is the day window's."""

    @classmethod
    def now(cls):
        return cls()

    @property
    def boundary(self) -> dt.date:
        return self.day_boundary


def light_filter_q(light: str, ctx: LightContext) -> Q:
    """Measures of the given light, as a database filter (the same rule as ``Measure.light``)."""
    return light_q(
        light, field="due_date", today=ctx.today, boundary=ctx.boundary, closed_q=CLOSED_Q, long_term_q=LONG_TERM_Q
    )


def overdue_q(ctx: LightContext) -> Q:
    return light_filter_q(Light.RED, ctx)


def _count(qs: QuerySet, outer: str):
    """A correlated COUNT(*) of ``qs`` rows whose ``outer`` equals the outer row's pk."""
    sub = qs.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def visible_measures(*, user=None, actor=None) -> QuerySet:
    """Visible measures that are current: neither they, their problem nor their round archived."""
    return visible_to(Measure, user=user, actor=actor).filter(
        archived_at__isnull=True, problem__archived_at__isnull=True, problem__round__archived_at__isnull=True
    )


# -- rounds ------------------------------------------------------------------------------


def round_list(*, user, light_ctx: LightContext | None = None) -> QuerySet:
    """Visible rounds with their completion counts (by problems and by measures)."""
    actor = actor_for(user)
    ctx = light_ctx or LightContext.now()
    measures = visible_measures(actor=actor)
    problems = visible_to(Problem, actor=actor).filter(archived_at__isnull=True)
    open_measures = measures.exclude(status__in=DONE_STATUSES)
    done_problems = problems.filter(
        Exists(measures.filter(problem_id=OuterRef("pk"))), ~Exists(open_measures.filter(problem_id=OuterRef("pk")))
    )
    approved = visible_to(Extension, actor=actor).filter(status=Extension.Status.APPROVED, archived_at__isnull=True)
    return (
        visible_to(InspectionRound, actor=actor)
        .filter(archived_at__isnull=True)
        .annotate(
            problem_total=_count(problems, "round_id"),
            problem_done=_count(done_problems, "round_id"),
            measure_total=_count(measures, "problem__round_id"),
            measure_done=_count(measures.filter(status__in=DONE_STATUSES), "problem__round_id"),
            measure_overdue=_count(measures.filter(overdue_q(ctx)), "problem__round_id"),
            extension_count=_count(approved, "measure__problem__round_id"),
        )
    )


def round_get(*, user, pk) -> InspectionRound:
    """One visible round with its counts; 404 when invisible or missing."""
    return get_visible_or_404(round_list(user=user), user=user, pk=pk)


# -- aspects and problems ----------------------------------------------------------------------


def aspect_list(*, user) -> QuerySet:
    return (
        visible_to(Aspect, user=user)
        .filter(archived_at__isnull=True, round__archived_at__isnull=True)
        .select_related("round", "parent")
        .order_by("round_id", "parent__order", "parent_id", "order", "id")
    )


def problem_list(*, user, light_ctx: LightContext | None = None) -> QuerySet:
    """Visible problems with counts of their visible measures (status is derived from them)."""
    actor = actor_for(user)
    ctx = light_ctx or LightContext.now()
    measures = visible_measures(actor=actor)
    return (
        visible_to(Problem, actor=actor)
        .filter(archived_at__isnull=True, round__archived_at__isnull=True)
        .select_related("round", "aspect", "aspect__parent", "similar_to", "similar_to__round")
        .annotate(
            measure_total=_count(measures, "problem_id"),
            measure_done=_count(measures.filter(status__in=DONE_STATUSES), "problem_id"),
            measure_started=_count(measures.exclude(status=MeasureStatus.NOT_STARTED), "problem_id"),
            measure_overdue=_count(measures.filter(overdue_q(ctx)), "problem_id"),
        )
    )


# -- measures --------------------------------------------------------------------------------


def measure_list(*, user) -> QuerySet:
    """The visible, current measures with everything a list row shows, in a fixed number of queries.

    Co-departments and open/approved extensions are prefetched into plain lists for the
    page only (never correlated subqueries, which the database would evaluate for every
    row it sorts, not just the page's).
    """
    actor = actor_for(user)
    extensions = Extension.objects.filter(
        status__in=(Extension.Status.APPROVED, Extension.Status.PENDING), archived_at__isnull=True
    ).only("id", "measure_id", "status")
    return (
        visible_measures(actor=actor)
        .select_related(
            "problem",
            "problem__round",
            "problem__aspect",
            "responsible_leader",
            "lead_department",
            "responsible_person",
        )
        .prefetch_related(
            Prefetch(
                "co_departments", queryset=Department.objects.order_by("order", "id"), to_attr="co_department_list"
            ),
            Prefetch("extensions", queryset=extensions, to_attr="open_extension_list"),
        )
    )


def measure_get(*, user, pk) -> Measure:
    """One visible measure with its reviews and extensions (for the detail page)."""
    qs = measure_list(user=user).prefetch_related(
        Prefetch("reviews", queryset=MeasureReview.objects.select_related("actor").order_by("at", "id")),
        Prefetch(
            "extensions",
            queryset=Extension.objects.filter(archived_at__isnull=True).select_related("requested_by", "decided_by"),
        ),
    )
    return get_visible_or_404(qs, user=user, pk=pk)


# -- progress and evidence ----------------------------------------------------------------------


def progress_list(*, user, measure: Measure) -> QuerySet:
    evidence = Evidence.objects.filter(archived_at__isnull=True).select_related("uploaded_by").order_by("id")
    return (
        visible_to(ProgressUpdate, user=user)
        .filter(measure=measure, archived_at__isnull=True)
        .select_related("author", "department")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("-date", "-id")
    )


def evidence_get(*, user, measure: Measure, pk) -> Evidence:
    qs = visible_to(Evidence, user=user).filter(measure=measure, archived_at__isnull=True)
    return get_visible_or_404(qs, user=user, pk=pk)
