from petitions.models.choices import (
    DUE_FIELDS,
    FINAL_STATUSES,
    Channel,
    ContactMethod,
    Kind,
    RestrictedReason,
    Satisfaction,
    Status,
)
from petitions.models.config import Category, NumberCounter
from petitions.models.hotline import HotlineImport, HotlineSource, QueryCodeLookup, RepeatSuggestion
from petitions.models.identity import IdentityAccessRequest, IdentityViewLog, Informant, PetitionRecusal
from petitions.models.petition import Petition
from petitions.models.records import PetitionAttachment, PetitionEvent, PetitionExtension, PetitionOutcome

__all__ = [
    "Satisfaction",
    "RepeatSuggestion",
    "QueryCodeLookup",
    "HotlineSource",
    "HotlineImport",
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
