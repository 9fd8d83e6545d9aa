"""Reads of the reports app; every list starts from core.scoping visibility."""

from django.db.models import Prefetch

from core.scoping import apply_visibility, visible_to
from reports.models import Activity, ActivityAttachment, ActivityKind, AnnualReport, RiskCategory, RiskPoint


def activity_list(*, user, include_archived=False):
    qs = (
        visible_to(Activity, user=user)
        .select_related("kind", "department")
        .prefetch_related("persons", Prefetch("attachments", queryset=ActivityAttachment.objects.order_by("id")))
    )
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def risk_point_list(*, user, include_archived=False):
    qs = visible_to(RiskPoint, user=user).select_related("category", "department")
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def kind_list(*, user):
    return visible_to(ActivityKind, user=user)


def category_list(*, user):
    return visible_to(RiskCategory, user=user)


def report_list(*, user):
    return visible_to(AnnualReport, user=user).select_related("generated_by", "published_by")


def attachment_get(*, user, activity_pk, pk):
    """An attachment, if its activity is visible to the user (404 otherwise)."""
    activities = visible_to(Activity, user=user)
    return apply_visibility(ActivityAttachment.objects.filter(activity__in=activities), user=user).get(
        activity_id=activity_pk, pk=pk
    )
