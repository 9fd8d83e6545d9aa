"""Reads of the petitions app. Every read starts from core.scoping visibility."""

from django.db.models import Prefetch

from core.scoping import get_visible_or_404, visible_to
from petitions.models import (
    Category,
    IdentityAccessRequest,
    IdentityViewLog,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionExtension,
    PetitionOutcome,
)
from petitions.models.identity import PROTECTED_FIELDS

# Ciphertext is never needed to show a reporter's code: keep it out of every list query.
_NO_CIPHERTEXT = [f"informant__{f}" for f in PROTECTED_FIELDS]

# What the office projection reads: the transfer and nothing of the matter or the reporter.
OFFICE_FIELDS = (
    "id",
    "number",
    "kind",
    "status",
    "received_at",
    "category__name",
    "transfer_department__name",
    "transfer_summary",
    "transferred_at",
    "transfer_due",
    "transfer_due_warning",
    "transfer_reply",
    "replied_at",
    "is_restricted",
    "next_due",
    "next_due_unit",
)


def petition_list(*, user):
    return (
        visible_to(Petition, user=user)
        .select_related("category", "subject_person", "subject_department", "transfer_department", "informant")
        .defer(*_NO_CIPHERTEXT)
    )


def petition_get(*, user, pk):
    qs = (
        petition_list(user=user)
        .select_related(
            "registered_by",
            "accepted_by",
            "rejected_by",
            "escalated_by",
            "transferred_by",
            "replied_by",
            "handled_by",
            "concluded_by",
            "notified_by",
            "feedback_by",
            "repeat_of",
        )
        .prefetch_related(
            Prefetch("outcomes", queryset=PetitionOutcome.objects.select_related("person", "department")),
            Prefetch("events", queryset=PetitionEvent.objects.select_related("user")),
            Prefetch("extensions", queryset=PetitionExtension.objects.select_related("requested_by", "decided_by")),
        )
    )
    return get_visible_or_404(qs, user=user, pk=pk)


def transferred_list(*, user):
    """转办件 as a department sees them (the office projection)."""
    return (
        visible_to(Petition, user=user)
        .filter(transfer_department__isnull=False)
        .select_related("category", "transfer_department")
        .only(*OFFICE_FIELDS)
    )


def attachment_list(*, user, petition):
    return visible_to(PetitionAttachment, user=user).filter(petition=petition).select_related("uploaded_by")


def category_list(*, user):
    return visible_to(Category, user=user)


def extension_list(*, user):
    return visible_to(PetitionExtension, user=user).select_related("petition", "requested_by", "decided_by")


def identity_request_list(*, user):
    return visible_to(IdentityAccessRequest, user=user).select_related("petition", "requested_by", "decided_by")


def identity_view_list(*, user):
    return visible_to(IdentityViewLog, user=user).select_related("petition", "informant", "user").defer(*_NO_CIPHERTEXT)
