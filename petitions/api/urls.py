from django.urls import path
from rest_framework.routers import SimpleRouter

from petitions.api import views
from petitions.api.views.hotline import HotlineImportViewSet
from petitions.api.views.past_import import PastImportView
from petitions.api.views.query_codes import IssueView, QueryCodeLookupViewSet
from petitions.api.views.repeats import RepeatConfirmView, RepeatDismissView, RepeatSuggestionListView

router = SimpleRouter()
router.register("petitions", views.PetitionViewSet, basename="petition")
router.register("petition-transfers", views.TransferViewSet, basename="petition-transfer")
router.register("petition-categories", views.CategoryViewSet, basename="petition-category")
router.register("petition-extensions", views.ExtensionViewSet, basename="petition-extension")
router.register("identity-requests", views.IdentityRequestViewSet, basename="identity-request")
router.register("hotline-imports", HotlineImportViewSet, basename="hotline-import")
router.register("identity-views", views.IdentityViewLogViewSet, basename="identity-view")
router.register("query-code-lookups", QueryCodeLookupViewSet, basename="query-code-lookup")
urlpatterns = router.urls
urlpatterns += [
    path("petition-imports/", PastImportView.as_view(), name="petition-import"),
    path("petitions/<int:pk>/query-code/", IssueView.as_view(), name="petition-query-code"),
    path("petitions/<int:pk>/repeat-suggestions/", RepeatSuggestionListView.as_view(), name="petition-repeats"),
    path(
        "petitions/<int:pk>/repeat-suggestions/<int:suggestion_pk>/confirm/",
        RepeatConfirmView.as_view(),
        name="petition-repeat-confirm",
    ),
    path(
        "petitions/<int:pk>/repeat-suggestions/<int:suggestion_pk>/dismiss/",
        RepeatDismissView.as_view(),
        name="petition-repeat-dismiss",
    ),
]
