from rest_framework.routers import SimpleRouter

from organization.api.views import DepartmentViewSet, PersonViewSet

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("people", PersonViewSet, basename="person")
urlpatterns = router.urls
