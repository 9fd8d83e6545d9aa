"""Thin API views: parse with a serializer, call a selector or a service, serialize the result."""

from petitions.api.views.decisions import ExtensionViewSet, IdentityRequestViewSet, IdentityViewLogViewSet
from petitions.api.views.petitions import CategoryViewSet, PetitionViewSet
from petitions.api.views.transfers import TransferViewSet

__all__ = [
    "CategoryViewSet",
    "ExtensionViewSet",
    "IdentityRequestViewSet",
    "IdentityViewLogViewSet",
    "PetitionViewSet",
    "TransferViewSet",
]
