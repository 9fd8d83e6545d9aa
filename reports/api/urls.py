from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api.views import (
    ActivityKindViewSet,
    ActivityViewSet,
    LiveRecordsView,
    MetricListView,
    NarrativeView,
    PreviewView,
    RecommendationDocxView,
    ReportProfileView,
    ReportViewSet,
    RiskCategoryViewSet,
    RiskPointViewSet,
    RoundDocumentDetailView,
    RoundDocumentDocxView,
    RoundDocumentFigureView,
    RoundDocumentGenerateView,
    RoundDocumentListView,
    RoundNarrativeView,
    TransferSlipDocxView,
)

router = SimpleRouter()
router.register("activity-kinds", ActivityKindViewSet, basename="activity-kind")
router.register("activities", ActivityViewSet, basename="activity")
router.register("risk-categories", RiskCategoryViewSet, basename="risk-category")
router.register("risk-points", RiskPointViewSet, basename="risk-point")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    path("report-profile/", ReportProfileView.as_view(), name="report-profile"),
    path("report-metrics/", MetricListView.as_view(), name="report-metrics"),
    path("report-narratives/<int:year>/", NarrativeView.as_view(), name="report-narrative"),
    path("report-preview/", PreviewView.as_view(), name="report-preview"),
    path("report-preview/<int:year>/figures/<slug:code>/", LiveRecordsView.as_view(), name="report-live-records"),
    path("documents/recommendations/<int:pk>/docx/", RecommendationDocxView.as_view(), name="recommendation-docx"),
    path("documents/petition-transfers/<int:pk>/docx/", TransferSlipDocxView.as_view(), name="transfer-slip-docx"),
    *router.urls,
    path("rounds/<int:pk>/documents/", RoundDocumentListView.as_view(), name="round-documents"),
    path("rounds/<int:pk>/documents/<slug:kind>/", RoundDocumentGenerateView.as_view(), name="round-document-generate"),
    path("rounds/<int:pk>/documents/<slug:kind>/narrative/", RoundNarrativeView.as_view(), name="round-narrative"),
    path("round-documents/<int:pk>/", RoundDocumentDetailView.as_view(), name="round-document"),
    path("round-documents/<int:pk>/docx/", RoundDocumentDocxView.as_view(), name="round-document-docx"),
    path(
        "round-documents/<int:pk>/figures/<slug:code>/",
        RoundDocumentFigureView.as_view(),
        name="round-document-figure",
    ),
]
