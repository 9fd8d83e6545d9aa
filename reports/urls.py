from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("preview/", views.preview_for, name="preview-for"),
    path("profile/", views.profile, name="profile"),
    path("<int:year>/preview/", views.preview, name="preview"),
    path("<int:year>/figures/<slug:code>/", views.live_figure, name="live-figure"),
    path("<int:year>/narrative/", views.narrative, name="narrative"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/figures/<slug:code>/", views.version_figure, name="version-figure"),
    path("versions/<int:pk>/docx/", views.version_docx, name="version-docx"),
    path("versions/<int:pk>/xlsx/", views.version_xlsx, name="version-xlsx"),
]
