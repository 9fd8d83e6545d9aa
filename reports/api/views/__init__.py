"""Thin API views over the reports selectors and services."""

from reports.api.views.annual import (
    LiveRecordsView,
    MetricListView,
    NarrativeView,
    PreviewView,
    ReportProfileView,
    ReportViewSet,
)
from reports.api.views.documents import RecommendationDocxView, TransferSlipDocxView
from reports.api.views.records import ActivityKindViewSet, ActivityViewSet, RiskCategoryViewSet, RiskPointViewSet
from reports.api.views.round_documents import (
    RoundDocumentDetailView,
    RoundDocumentDocxView,
    RoundDocumentFigureView,
    RoundDocumentGenerateView,
    RoundDocumentListView,
    RoundNarrativeView,
)

__all__ = [
    "ActivityKindViewSet",
    "ActivityViewSet",
    "LiveRecordsView",
    "MetricListView",
    "NarrativeView",
    "PreviewView",
    "RecommendationDocxView",
    "ReportProfileView",
    "ReportViewSet",
    "RiskCategoryViewSet",
    "RiskPointViewSet",
    "RoundDocumentDetailView",
    "RoundDocumentDocxView",
    "RoundDocumentFigureView",
    "RoundDocumentGenerateView",
    "RoundDocumentListView",
    "RoundNarrativeView",
    "TransferSlipDocxView",
]
