from reports.models.activities import Activity, ActivityAttachment, ActivityKind, RiskCategory, RiskPoint
from reports.models.profile import ReportProfile
from reports.models.reports import AnnualReport, ReportNarrative

__all__ = [
    "Activity",
    "ActivityAttachment",
    "ActivityKind",
    "AnnualReport",
    "ReportNarrative",
    "ReportProfile",
    "RiskCategory",
    "RiskPoint",
]
