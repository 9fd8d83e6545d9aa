from django.urls import path
from rest_framework.routers import SimpleRouter

from petitions.api import views
from petitions.api.views.hotline import HotlineImportViewSet
from petitions.api.views.past_import import PastImportView

router = SimpleRouter()
router.register("petitions", views.PetitionViewSet, basename="petition")
router.register("petition-transfers", views.TransferViewSet, basename="petition-transfer")
router.register("petition-categories", views.CategoryViewSet, basename="petition-category")
router.register("petition-extensions", views.ExtensionViewSet, basename="petition-extension")
router.register("identity-requests", views.IdentityRequestViewSet, basename="identity-request")
router.register("hotline-imports", HotlineImportViewSet, basename="hotline-import")
router.register("identity-views", views.IdentityViewLogViewSet, basename="identity-view")
urlpatterns = router.urls
urlpatterns += [
    path("petition-imports/", PastImportView.as_view(), name="petition-import"),
]
