from django.urls import path
from rest_framework.routers import SimpleRouter

from rectification.api.views import AspectViewSet, LedgerTemplateView, MeasureViewSet, ProblemViewSet, RoundViewSet

router = SimpleRouter()
router.register("rounds", RoundViewSet, basename="rectification-round")
router.register("aspects", AspectViewSet, basename="rectification-aspect")
router.register("problems", ProblemViewSet, basename="rectification-problem")
router.register("measures", MeasureViewSet, basename="rectification-measure")

urlpatterns = [
    path("ledger-template/", LedgerTemplateView.as_view(), name="rectification-ledger-template"),
    *router.urls,
]
