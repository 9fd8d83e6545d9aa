from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from core import views as core_views
from web.views import home as web_home

api_v1 = [
    path("", include("core.api.urls")),
    path("", include("organization.api.urls")),
    path("", include("deadlines.api.urls")),
    path("", include("rectification.api.urls")),
    path("", include("petitions.api.urls")),
    path("", include("discipline.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

urlpatterns = [
    path("", web_home.home, name="home"),
    path("", include("web.urls")),
    path("health/", core_views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("api/v1/", include(api_v1)),
]
