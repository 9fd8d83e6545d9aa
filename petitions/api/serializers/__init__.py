"""Petition serializers. Three projections, never mixed:

* staff/leader: the petition with the reporter's pseudonymous code — never the identity;
* office: the 转办件 only (转办摘要, due date, reply) — never the content, never the reporter;
* identity: only from the explicit identity endpoint, after ``petitions.identity`` allowed it.
"""

from petitions.api.serializers.fields import LabelField, LightMixin, UserNameField, user_name
from petitions.api.serializers.identity import (
    AccessRequestCreateSerializer,
    AccessRequestSerializer,
    IdentitySerializer,
    IdentityViewSerializer,
    VisiblePetitionField,
)
from petitions.api.serializers.input import (
    REVIEW_STAGES,
    AttachmentUploadSerializer,
    ConcludeSerializer,
    ContactSerializer,
    CorrectionSerializer,
    DecisionSerializer,
    EscalateSerializer,
    ExtensionRequestSerializer,
    FeedbackSerializer,
    InformantInputSerializer,
    ObjectionSerializer,
    OutcomeInputSerializer,
    PetitionCreateSerializer,
    PetitionUpdateSerializer,
    RejectSerializer,
    ReplySerializer,
    ReviewAnswerSerializer,
    ReviewRequestSerializer,
    TransferSerializer,
)
from petitions.api.serializers.read import (
    AttachmentSerializer,
    CategorySerializer,
    DeadlineRowSerializer,
    EventSerializer,
    ExtensionSerializer,
    OutcomeSerializer,
    PetitionDetailSerializer,
    PetitionListSerializer,
    SuspectedRepeatSerializer,
    TransferredPetitionSerializer,
)

__all__ = [
    "AccessRequestCreateSerializer",
    "AccessRequestSerializer",
    "AttachmentSerializer",
    "AttachmentUploadSerializer",
    "CategorySerializer",
    "ConcludeSerializer",
    "ContactSerializer",
    "CorrectionSerializer",
    "DeadlineRowSerializer",
    "DecisionSerializer",
    "EscalateSerializer",
    "EventSerializer",
    "ExtensionRequestSerializer",
    "ExtensionSerializer",
    "FeedbackSerializer",
    "IdentitySerializer",
    "IdentityViewSerializer",
    "InformantInputSerializer",
    "LabelField",
    "LightMixin",
    "ObjectionSerializer",
    "OutcomeInputSerializer",
    "OutcomeSerializer",
    "PetitionCreateSerializer",
    "PetitionDetailSerializer",
    "PetitionListSerializer",
    "PetitionUpdateSerializer",
    "REVIEW_STAGES",
    "RejectSerializer",
    "ReplySerializer",
    "ReviewAnswerSerializer",
    "ReviewRequestSerializer",
    "SuspectedRepeatSerializer",
    "TransferSerializer",
    "TransferredPetitionSerializer",
    "UserNameField",
    "VisiblePetitionField",
    "user_name",
]
