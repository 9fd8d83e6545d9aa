from django.urls import path
from rest_framework.routers import SimpleRouter

from core.api.jobs import JobViewSet
from core.api.views import LogoutView, MeView, TokenView

router = SimpleRouter()
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    *router.urls,
]
