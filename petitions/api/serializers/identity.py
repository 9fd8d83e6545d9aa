"""The reporter's identity (only from the explicit identity endpoint, after ``petitions.identity``
allowed it), the requests to see it and the log of each view."""

from django.utils import timezone
from rest_framework import serializers

from core.scoping import visible_to
from petitions.api.serializers.fields import UserNameField
from petitions.models import (
    IdentityAccessRequest,
    IdentityViewLog,
    Petition,
)


class IdentitySerializer(serializers.Serializer):
    petition = serializers.IntegerField()
    informant_code = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    basis = serializers.CharField(help_text="查看依据：grant 专项授权，registrar 受理登记人，request 经批准的申请")


class AccessRequestSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    requested_by_name = UserNameField(source="requested_by")
    decided_by_name = UserNameField(source="decided_by")
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = IdentityAccessRequest
        fields = [
            "id", "petition", "petition_number", "reason", "status", "status_display", "requested_by_name",
            "requested_at", "decided_by_name", "decided_at", "decision_note", "expires_at", "is_active",
        ]  # fmt: skip
        read_only_fields = fields

    def get_is_active(self, obj) -> bool:
        return obj.status == IdentityAccessRequest.Status.APPROVED and obj.expires_at > timezone.now()


class VisiblePetitionField(serializers.PrimaryKeyRelatedField):
    """A petition id looked up among the petitions the requesting user may see only."""

    def get_queryset(self):
        return visible_to(Petition, user=self.context["request"].user)


class AccessRequestCreateSerializer(serializers.Serializer):
    petition = VisiblePetitionField(label="信访件", queryset=Petition.objects.none())
    reason = serializers.CharField(label="申请理由", max_length=2000)


class IdentityViewSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    informant_code = serializers.CharField(source="informant.code", read_only=True)
    user_name = UserNameField(source="user")
    basis_display = serializers.CharField(source="get_basis_display", read_only=True)

    class Meta:
        model = IdentityViewLog
        fields = ["id", "petition", "petition_number", "informant_code", "user_name", "at", "basis", "basis_display",
                  "ip_address"]  # fmt: skip
        read_only_fields = fields
