"""Petition serializers. Three projections, never mixed:

* staff/leader: the petition with the reporter's pseudonymous code — never the identity;
* office: the 转办件 only (转办摘要, due date, reply) — never the content, never the reporter;
* identity: only from the explicit identity endpoint, after ``petitions.identity`` allowed it.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.concurrency import VersionField
from core.errors import ApplicationError
from core.outcomes import OutcomeKind
from core.scoping import visible_to
from organization.models import Department, Person
from petitions import permissions
from petitions.identity_input import MAX_LENGTHS, clean_detail
from petitions.models import (
    Category,
    Channel,
    ContactMethod,
    IdentityAccessRequest,
    IdentityViewLog,
    Kind,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionExtension,
    PetitionOutcome,
    RestrictedReason,
    Status,
)


def user_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.first_name or user.username


class UserNameField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return user_name(value)


extend_schema_field({"type": "string", "nullable": True})(UserNameField)


class LabelField(serializers.Field):
    """The Chinese label of a choice field (read-only). Cheaper than ``source="get_x_display"``,
    which DRF inspects with ``inspect.signature`` on every row."""

    def __init__(self, choices, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.labels = {value: str(label) for value, label in choices}

    def to_representation(self, value):
        return self.labels.get(value, "")


extend_schema_field({"type": "string"})(LabelField)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "order", "is_service", "is_active"]


class LightMixin(serializers.Serializer):
    light = serializers.SerializerMethodField(help_text="亮灯：grey 已办结，none 无期限，green，yellow，red")

    @extend_schema_field(serializers.ChoiceField(choices=["grey", "none", "green", "yellow", "red"]))
    def get_light(self, obj):
        return self.context["lights"].light(obj)


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

    class Meta:
        model = PetitionEvent
        fields = ["id", "action", "action_display", "user_name", "at", "note"]


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


# -- input ---------------------------------------------------------------------------------------


class InformantInputSerializer(serializers.Serializer):
    """A reporter's identity, write-only: it is encrypted at once and never echoed back.
    The rules are ``petitions.identity_input``'s (the intake page applies the same)."""

    name = serializers.CharField(label="姓名", max_length=MAX_LENGTHS["name"], required=False, allow_blank=True)
    phone = serializers.CharField(label="联系电话", max_length=MAX_LENGTHS["phone"], required=False, allow_blank=True)
    id_number = serializers.CharField(
        label="证件号码", max_length=MAX_LENGTHS["id_number"], required=False, allow_blank=True
    )
    address = serializers.CharField(label="住址", max_length=MAX_LENGTHS["address"], required=False, allow_blank=True)

    def _clean(self, key, value):
        try:
            return clean_detail(key, value)
        except ApplicationError as exc:
            raise serializers.ValidationError(exc.message) from None

    def validate_phone(self, value):
        return self._clean("phone", value)

    def validate_id_number(self, value):
        return self._clean("id_number", value)


class PetitionCreateSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(label="收到时间")
    channel = serializers.ChoiceField(label="渠道", choices=Channel.choices)
    kind = serializers.ChoiceField(label="类别", choices=Kind.choices)
    is_named = serializers.BooleanField(label="实名", default=False)
    is_repeat = serializers.BooleanField(label="重复件", default=False)
    repeat_of = serializers.PrimaryKeyRelatedField(
        label="重复的原件", queryset=Petition.objects.all(), required=False, allow_null=True
    )
    outside_remit = serializers.BooleanField(
        label="不属本单位职权范围", default=False,
        help_text="上级转办、12345热线转送交办的信访事项不属本单位职权范围：5个工作日内提出异议（信访工作条例第二十三条）",
    )  # fmt: skip
    restricted_reason = serializers.ChoiceField(
        label="上级管辖原因", choices=RestrictedReason.choices, required=False, allow_blank=True,
        help_text="填写即登记为上级管辖件：只记录收到和报送的事实与时间，不录入内容、举报人和类别",
    )  # fmt: skip
    subject_person = serializers.PrimaryKeyRelatedField(
        label="被反映人", queryset=Person.objects.all(), required=False, allow_null=True
    )
    subject_department = serializers.PrimaryKeyRelatedField(
        label="被反映单位", queryset=Department.objects.all(), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        label="问题类别", queryset=Category.objects.all(), required=False, allow_null=True
    )
    summary = serializers.CharField(label="内容摘要", required=False, allow_blank=True, max_length=2000)
    content = serializers.CharField(label="反映内容", required=False, allow_blank=True, max_length=50000)
    informant = InformantInputSerializer(label="信访人/举报人", required=False, allow_null=True, write_only=True)


class PetitionUpdateSerializer(serializers.Serializer):
    version = VersionField()
    received_at = serializers.DateTimeField(label="收到时间", required=False)
    channel = serializers.ChoiceField(label="渠道", choices=Channel.choices, required=False)
    kind = serializers.ChoiceField(label="类别", choices=Kind.choices, required=False)
    is_named = serializers.BooleanField(label="实名", required=False)
    is_repeat = serializers.BooleanField(label="重复件", required=False)
    repeat_of = serializers.PrimaryKeyRelatedField(
        label="重复的原件", queryset=Petition.objects.all(), required=False, allow_null=True
    )
    outside_remit = serializers.BooleanField(label="不属本单位职权范围", required=False)
    subject_person = serializers.PrimaryKeyRelatedField(
        label="被反映人", queryset=Person.objects.all(), required=False, allow_null=True
    )
    subject_department = serializers.PrimaryKeyRelatedField(
        label="被反映单位", queryset=Department.objects.all(), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(label="问题类别", queryset=Category.objects.all(), required=False)
    summary = serializers.CharField(label="内容摘要", required=False, max_length=2000)
    content = serializers.CharField(label="反映内容", required=False, allow_blank=True, max_length=50000)

    def validate(self, attrs):
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError("没有需要修改的内容")
        return attrs


class ObjectionSerializer(serializers.Serializer):
    reason = serializers.CharField(label="异议理由", max_length=2000)
    on = serializers.DateField(label="提出异议日期", required=False, allow_null=True)


REVIEW_STAGES = [("review", "复查"), ("recheck", "复核")]


class ReviewRequestSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    on = serializers.DateField(label="收到请求日期", required=False, allow_null=True)


class ReviewAnswerSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    opinion = serializers.CharField(label="意见", max_length=10000)
    on = serializers.DateField(label="意见日期", required=False, allow_null=True)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(label="不予受理理由", max_length=2000)


class EscalateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(label="报送上级原因", choices=RestrictedReason.choices, required=False)


class TransferSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(label="转办部门", queryset=Department.objects.all())
    summary = serializers.CharField(label="转办摘要", max_length=2000)


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(label="办理情况", max_length=10000)


class OutcomeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label="处理方式", choices=OutcomeKind.choices)
    person = serializers.PrimaryKeyRelatedField(
        label="被处理人", queryset=Person.objects.all(), required=False, allow_null=True
    )
    department = serializers.PrimaryKeyRelatedField(
        label="被处理部门", queryset=Department.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(label="说明", max_length=200, required=False, allow_blank=True)


class ConcludeSerializer(serializers.Serializer):
    result = serializers.CharField(label="办理结果", max_length=10000)
    concluded_on = serializers.DateField(label="办结日期", required=False)
    outcomes = OutcomeInputSerializer(label="处理结果", many=True, required=False)


class ContactSerializer(serializers.Serializer):
    method = serializers.ChoiceField(label="方式", choices=ContactMethod.choices)
    on = serializers.DateField(label="日期", required=False)


class FeedbackSerializer(ContactSerializer):
    note = serializers.CharField(label="反馈情况", max_length=2000, required=False, allow_blank=True)


class ExtensionRequestSerializer(serializers.Serializer):
    days = serializers.IntegerField(label="延长日数", min_value=1, max_value=365)
    reason = serializers.CharField(label="延期理由", max_length=2000)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(label="审批意见", max_length=2000, required=False, allow_blank=True)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="文件")


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
