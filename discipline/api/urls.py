from rest_framework.routers import SimpleRouter

from discipline.api.views.clues import ClueViewSet
from discipline.api.views.recommendations import RecommendationViewSet

router = SimpleRouter()
router.register("clues", ClueViewSet, basename="clue")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
urlpatterns = router.urls
