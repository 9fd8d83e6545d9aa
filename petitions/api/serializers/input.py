"""What the API accepts: registration, its correction and each workflow step's input."""

from rest_framework import serializers

from core.api.concurrency import VersionField
from core.errors import ApplicationError
from core.outcomes import OutcomeKind
from organization.models import Department, Person
from petitions.identity_input import MAX_LENGTHS, clean_detail
from petitions.models import (
    Category,
    Channel,
    ContactMethod,
    Kind,
    Petition,
    RestrictedReason,
)

AT_HELP = "默认为当前时间；补录时填写实际时间"
DAY_HELP = "默认为今天；补录时填写实际日期"


def step_at(label="办理时间"):
    """When a time-stamped step happened (补录): optional, ISO 8601; checked by the service."""
    return serializers.DateTimeField(label=label, required=False, allow_null=True, help_text=AT_HELP)


def step_on(label):
    """The day a dated step happened (补录): optional, YYYY-MM-DD; checked by the service."""
    return serializers.DateField(label=label, required=False, allow_null=True, help_text=DAY_HELP)


class StepSerializer(serializers.Serializer):
    """A step with nothing to say but when it happened (受理、直接办理)."""

    at = step_at()


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
    issue_query_code = serializers.BooleanField(
        label="发放查询码", default=False,
        help_text="信访人留有联系电话或地址时可发放；查询码只在本次登记的返回中出现一次（query_code）",
    )  # fmt: skip
    ticket_no = serializers.CharField(
        label="工单编号", required=False, allow_blank=True, max_length=64, help_text="12345 工单编号；已登记的不能重复"
    )


class PetitionUpdateSerializer(serializers.Serializer):
    """修改登记信息: the facts to change and the reason, kept in the petition's history."""

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
    reason = serializers.CharField(label="修改理由", max_length=500, help_text="必填，记入修改历史")

    def validate(self, attrs):
        if not set(attrs) - {"version", "reason"}:
            raise serializers.ValidationError("没有需要修改的内容")
        return attrs


class CorrectionSerializer(PetitionUpdateSerializer):
    """更正: the facts to correct (any of them) and the reason, kept in the petition's history."""

    reason = serializers.CharField(label="更正理由", max_length=500)

    def validate(self, attrs):
        if not set(attrs) - {"version", "reason"}:
            raise serializers.ValidationError("没有需要更正的内容")
        return attrs


class ObjectionSerializer(serializers.Serializer):
    reason = serializers.CharField(label="异议理由", max_length=2000)
    on = step_on("提出异议日期")


REVIEW_STAGES = [("review", "复查"), ("recheck", "复核")]


class ReviewRequestSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    on = step_on("收到请求日期")


class ReviewAnswerSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    opinion = serializers.CharField(label="意见", max_length=10000)
    on = step_on("意见日期")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(label="不予受理理由", max_length=2000)
    at = step_at("不予受理时间")


class EscalateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(label="报送上级原因", choices=RestrictedReason.choices, required=False)
    at = step_at("报送上级时间")


class TransferSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(label="转办部门", queryset=Department.objects.all())
    summary = serializers.CharField(label="转办摘要", max_length=2000)
    at = step_at("转办时间")


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(label="办理情况", max_length=10000)
    at = step_at("反馈时间")


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
    concluded_on = step_on("办结日期")
    outcomes = OutcomeInputSerializer(label="处理结果", many=True, required=False)


class ContactSerializer(serializers.Serializer):
    method = serializers.ChoiceField(label="方式", choices=ContactMethod.choices)
    on = step_on("日期")


class FeedbackSerializer(ContactSerializer):
    note = serializers.CharField(label="反馈情况", max_length=2000, required=False, allow_blank=True)


class ExtensionRequestSerializer(serializers.Serializer):
    days = serializers.IntegerField(label="延长日数", min_value=1, max_value=365)
    reason = serializers.CharField(label="延期理由", max_length=2000)
    at = step_at("申请时间")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(label="审批意见", max_length=2000, required=False, allow_blank=True)


class ExtensionDecisionSerializer(DecisionSerializer):
    at = step_at("审批时间")


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="文件")
