"""Visibility of the reports app's models (core.scoping).

Work records, risk points, the report profile, narratives and reports are read by
inspectors, supervisors and leaders only; office liaisons and the system
administrator see none of them. Activity kinds and risk categories are configuration:
the administrator may read them too.
"""

from core.scoping import register_visibility
from organization.roles import Role
from reports.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    AnnualReport,
    ReportNarrative,
    ReportProfile,
    RiskCategory,
    RiskPoint,
)
from reports.permissions import READERS


@register_visibility(Activity)
@register_visibility(ActivityAttachment)
@register_visibility(RiskPoint)
@register_visibility(ReportProfile)
@register_visibility(ReportNarrative)
@register_visibility(AnnualReport)
def _content(actor, qs):
    return qs if actor.has_role(*READERS) else qs.none()


@register_visibility(ActivityKind)
@register_visibility(RiskCategory)
def _config(actor, qs):
    return qs if actor.has_role(*READERS, Role.ADMIN) else qs.none()
