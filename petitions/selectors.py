"""Reads of the petitions app. Every read starts from core.scoping visibility."""

from django.apps import apps
from django.db.models import Prefetch, Q

from core.scoping import get_visible_or_404, visible_to
from petitions.models import (
    Category,
    IdentityAccessRequest,
    IdentityViewLog,
    Informant,
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


def _clue_ids():
    """The clues made from a petition, ids only (the discipline app owns them; named, not imported)."""
    return apps.get_model("discipline", "Clue")._default_manager.only("id", "source_petition_id")


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
            # Only whether it became a clue (allowed_actions); which clue a viewer may see is discipline's.
            Prefetch("clues", queryset=_clue_ids()),
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


def suspected_repeats(*, user, petition, limit=20):
    """疑似重复: other petitions whose reporter gave the same phone or ID number (keyed fingerprint).

    Shown only to a user who may see the reporter of ``petition`` and, each, of the other
    petition — so the link tells nobody anything they could not already read: a registrar who
    types a known phone number learns nothing of earlier reporters. Number and summary only,
    never the other identity; every other petition is read through the visibility function.
    """
    from petitions.identity import can_view_identity, identity_allowed_q

    if petition.informant_id is None or not can_view_identity(user, petition):
        return []
    fingerprints = Informant.objects.filter(petitions__pk=petition.pk).values_list("phone_hmac", "id_number_hmac")
    phone_fp, id_fp = fingerprints.first() or ("", "")
    same = Q()
    if phone_fp:
        same |= Q(informant__phone_hmac=phone_fp)
    if id_fp:
        same |= Q(informant__id_number_hmac=id_fp)
    if not same:
        return []
    return list(
        visible_to(Petition, user=user)
        .filter(same)
        .filter(identity_allowed_q(user))
        .exclude(pk=petition.pk)
        .order_by("received_at", "pk")
        .values("id", "number", "summary")[:limit]
    )
