from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from core import errorpages
from core import views as core_views
from core.csp import docs_policy
from web.views import home as web_home


def _docs_page(view_class):
    return login_required(docs_policy(view_class.as_view(url_name="api-schema")))


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
    # Signed-in users only; the split Swagger view serves its start-up code as a script file
    # so the pages run under the strict CSP (relaxed for styles only, see core.csp).
    path(
        "docs/",
        login_required(docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))),
        name="api-docs",
    ),
    path("redoc/", login_required(docs_policy(SpectacularRedocView.as_view(url_name="api-schema"))), name="api-redoc"),
    re_path(r"", errorpages.api_not_found),
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

handler400 = errorpages.bad_request
handler403 = errorpages.permission_denied
handler404 = errorpages.page_not_found
handler500 = errorpages.server_error
