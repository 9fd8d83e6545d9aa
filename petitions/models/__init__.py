from petitions.models.config import Category, NumberCounter
from petitions.models.identity import IdentityAccessRequest, IdentityViewLog, Informant, PetitionRecusal
from petitions.models.petition import (
    DUE_FIELDS,
    FINAL_STATUSES,
    Channel,
    ContactMethod,
    Kind,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionExtension,
    PetitionOutcome,
    RestrictedReason,
    Status,
)

__all__ = [
    "DUE_FIELDS",
    "FINAL_STATUSES",
    "Category",
    "Channel",
    "ContactMethod",
    "IdentityAccessRequest",
    "IdentityViewLog",
    "Informant",
    "Kind",
    "NumberCounter",
    "Petition",
    "PetitionAttachment",
    "PetitionEvent",
    "PetitionExtension",
    "PetitionOutcome",
    "PetitionRecusal",
    "RestrictedReason",
    "Status",
]
