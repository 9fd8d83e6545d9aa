"""巡察整改: rounds → aspects → problems → measures, with progress, evidence and reviews."""

from rectification.models.documents import DocumentKind, RoundDocument, RoundNarrative
from rectification.models.measures import DeadlineKind, Measure, MeasureCoDepartment, MeasureStatus
from rectification.models.records import Evidence, Extension, MeasureReview, ProgressUpdate
from rectification.models.rounds import Aspect, InspectionRound, Problem

__all__ = [
    "Aspect",
    "DeadlineKind",
    "DocumentKind",
    "Evidence",
    "Extension",
    "InspectionRound",
    "Measure",
    "MeasureCoDepartment",
    "MeasureReview",
    "MeasureStatus",
    "Problem",
    "ProgressUpdate",
    "RoundDocument",
    "RoundNarrative",
]
