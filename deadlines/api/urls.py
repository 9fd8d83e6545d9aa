from rest_framework.routers import SimpleRouter

from deadlines.api.views import DeadlineRuleViewSet

router = SimpleRouter()
router.register("deadline-rules", DeadlineRuleViewSet, basename="deadline-rule")
urlpatterns = router.urls
