"""What the API answers about petitions: the staff/leader projection and the office's 转办件.

The staff/leader projection carries the reporter's pseudonymous code, never the identity; the
office projection the 转办件 only (转办摘要, due date, reply), never the content or the reporter.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from petitions import permissions
from petitions.api.serializers.fields import LabelField, LightMixin, UserNameField
from petitions.models import (
    Category,
    Channel,
    Kind,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionExtension,
    PetitionOutcome,
    RestrictedReason,
    Satisfaction,
    Status,
)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "order", "is_service", "is_active"]


class PetitionListSerializer(LightMixin, serializers.ModelSerializer):
    channel_display = LabelField(Channel.choices, source="channel")
    kind_display = LabelField(Kind.choices, source="kind")
    status_display = LabelField(Status.choices, source="status")
    restricted_reason_display = LabelField(RestrictedReason.choices, source="restricted_reason")
    category_name = serializers.CharField(source="category.name", default=None, read_only=True)
    subject_person_name = serializers.CharField(source="subject_person.name", default=None, read_only=True)
    subject_department_name = serializers.CharField(source="subject_department.name", default=None, read_only=True)
    transfer_department_name = serializers.CharField(source="transfer_department.name", default=None, read_only=True)
    informant_code = serializers.CharField(
        source="informant.code", default=None, read_only=True, help_text="举报人代号（化名）；为空表示匿名"
    )
    satisfaction_display = LabelField(Satisfaction.choices, source="satisfaction")

    class Meta:
        model = Petition
        fields = [
            "id", "version", "number", "received_at", "channel", "channel_display", "kind", "kind_display",
            "is_named", "is_repeat", "repeat_of", "is_restricted", "restricted_reason", "restricted_reason_display",
            "subject_person", "subject_person_name", "subject_department", "subject_department_name",
            "category", "category_name", "summary", "informant_code", "status", "status_display",
            "transfer_department", "transfer_department_name",
            "accept_due", "accept_due_warning", "notify_due", "notify_due_warning", "escalate_due",
            "escalate_due_warning", "transfer_due", "transfer_due_warning", "conclude_due", "conclude_due_warning",
            "conclude_due_original", "feedback_due", "feedback_due_warning", "outside_remit", "objection_due",
            "objection_due_warning", "review_request_due", "review_due", "review_due_warning",
            "recheck_request_due", "recheck_due", "recheck_due_warning", "next_due", "light",
            "notified_on", "concluded_on", "feedback_on", "objection_on", "review_requested_on",
            "review_answered_on", "recheck_requested_on", "recheck_answered_on",
            "ticket_no", "satisfaction", "satisfaction_display",
        ]  # fmt: skip
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    person_name = serializers.CharField(source="person.name", default=None, read_only=True)
    department_name = serializers.CharField(source="department.name", default=None, read_only=True)
    form = serializers.IntegerField(read_only=True, allow_null=True, help_text="四种形态（1–4），了结为空")

    class Meta:
        model = PetitionOutcome
        fields = ["id", "kind", "kind_display", "form", "person", "person_name", "department", "department_name",
                  "decided_on", "note"]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    user_name = UserNameField(source="user")
    backfilled = serializers.BooleanField(read_only=True, help_text="补录：该步骤发生在录入之日以前")
    backfill_mark = serializers.CharField(
        read_only=True, help_text="补录时说明谁于何时录入，如“补录 · 张三 于 2026-12-06 10:20 录入”；否则为空"
    )

    class Meta:
        model = PetitionEvent
        fields = ["id", "action", "action_display", "user_name", "at", "entered_at", "backfilled", "backfill_mark",
                  "note"]  # fmt: skip


class ExtensionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by_name = UserNameField(source="requested_by")
    decided_by_name = UserNameField(source="decided_by")
    petition_number = serializers.CharField(source="petition.number", read_only=True)

    class Meta:
        model = PetitionExtension
        fields = ["id", "petition", "petition_number", "days", "reason", "status", "status_display",
                  "requested_by_name", "requested_at", "decided_by_name", "decided_at", "decision_note",
                  "original_due", "new_due"]  # fmt: skip
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    purpose_display = serializers.CharField(source="get_purpose_display", read_only=True)
    uploaded_by_name = UserNameField(source="uploaded_by")

    class Meta:
        model = PetitionAttachment
        fields = ["id", "purpose", "purpose_display", "original_name", "size", "uploaded_by_name", "uploaded_at"]


class DeadlineRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rule = serializers.CharField()
    rule_name = serializers.CharField()
    period = serializers.CharField()
    legal_basis = serializers.CharField()
    due_date = serializers.DateField()
    original_due_date = serializers.DateField(allow_null=True)
    warning = serializers.CharField(allow_blank=True)
    outstanding = serializers.BooleanField()
    done_on = serializers.DateField(allow_null=True)
    window = serializers.BooleanField(help_text="信访人请求复查、复核的期限：由信访人掌握，不亮灯、不催办")


class SuspectedRepeatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    summary = serializers.CharField()


class PetitionDetailSerializer(PetitionListSerializer):
    outcomes = OutcomeSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()
    registered_by_name = UserNameField(source="registered_by")
    accepted_by_name = UserNameField(source="accepted_by")
    concluded_by_name = UserNameField(source="concluded_by")
    repeat_of_number = serializers.CharField(source="repeat_of.number", default=None, read_only=True)
    notify_method_display = serializers.CharField(source="get_notify_method_display", read_only=True)
    feedback_method_display = serializers.CharField(source="get_feedback_method_display", read_only=True)
    can_view_identity = serializers.SerializerMethodField(help_text="当前用户能否通过身份接口查看举报人")
    suspected_repeats = serializers.SerializerMethodField(
        help_text="疑似重复：举报人电话或证件号码相同的其他信访件（仅编号与摘要；仅对能查看双方举报人身份的用户列出）"
    )
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户现在可以办理的步骤（与网页提供的一致）")

    class Meta(PetitionListSerializer.Meta):
        fields = PetitionListSerializer.Meta.fields + [
            "content", "repeat_of_number", "registered_at", "registered_by_name", "accepted_at", "accepted_by_name",
            "rejected_at", "reject_reason", "escalated_at", "transfer_summary", "transferred_at", "transfer_reply",
            "replied_at", "handling_started_at", "result", "concluded_by_name", "notify_method",
            "notify_method_display", "feedback_method", "feedback_method_display", "feedback_note",
            "objection_note", "review_opinion", "recheck_opinion", "outcomes", "events", "extensions", "deadlines",
            "can_view_identity", "suspected_repeats", "allowed_actions",
            "ticket_family", "ticket_source", "ticket_unit", "ticket_status", "ticket_due", "callback_result",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(DeadlineRowSerializer(many=True))
    def get_deadlines(self, obj):
        return DeadlineRowSerializer(self.context["deadline_rows"](obj), many=True).data

    @extend_schema_field(serializers.BooleanField())
    def get_can_view_identity(self, obj):
        from petitions.identity import can_view_identity

        return can_view_identity(self.context["request"].user, obj)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        return permissions.allowed_actions(self.context["request"].user, obj)

    @extend_schema_field(SuspectedRepeatSerializer(many=True))
    def get_suspected_repeats(self, obj):
        from petitions.selectors import suspected_repeats

        rows = suspected_repeats(user=self.context["request"].user, petition=obj)
        return SuspectedRepeatSerializer(rows, many=True).data


class TransferredPetitionSerializer(serializers.ModelSerializer):
    """The office projection: what a department needs to handle a 转办件, and nothing else."""

    kind_display = LabelField(Kind.choices, source="kind")
    category_name = serializers.CharField(source="category.name", default=None, read_only=True)
    transfer_department_name = serializers.CharField(source="transfer_department.name", read_only=True)
    office_status = serializers.SerializerMethodField(help_text="pending 待办理，replied 已反馈")
    office_status_display = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id", "number", "kind", "kind_display", "category_name", "transfer_department",
            "transfer_department_name", "transfer_summary", "transferred_at", "transfer_due",
            "transfer_due_warning", "office_status", "office_status_display", "transfer_reply", "replied_at", "light",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["pending", "replied"]))
    def get_office_status(self, obj):
        return "pending" if obj.status == Status.TRANSFERRED else "replied"

    def get_office_status_display(self, obj) -> str:
        return "待办理" if obj.status == Status.TRANSFERRED else "已反馈"

    @extend_schema_field(serializers.ChoiceField(choices=["grey", "none", "green", "yellow", "red"]))
    def get_light(self, obj):
        return self.context["lights"].transfer_light(obj)
