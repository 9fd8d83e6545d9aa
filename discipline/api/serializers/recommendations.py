from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.concurrency import VersionField
from discipline import permissions
from discipline.api.serializers.common import ChoiceLabelField, DateField, LightMixin
from discipline.models import Recommendation, RecommendationReplyFile
from discipline.selectors.recommendations import recommendation_light, recommendation_steps
from organization.models import Department


class RecommendationListSerializer(LightMixin, serializers.ModelSerializer):
    light_function = staticmethod(recommendation_light)

    number = serializers.CharField(read_only=True, label="文号")
    kind_display = ChoiceLabelField(Recommendation.Kind, source="kind")
    source_display = ChoiceLabelField(Recommendation.Source, source="source")
    status_display = ChoiceLabelField(Recommendation.Status, source="status")
    target_department_name = serializers.CharField(source="target_department.name", read_only=True)
    issued_by_name = serializers.CharField(read_only=True)
    reply_file_count = serializers.IntegerField(read_only=True)
    overdue = serializers.SerializerMethodField(label="逾期未回复")
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "version",
            "number",
            "year",
            "seq",
            "kind",
            "kind_display",
            "title",
            "target_department",
            "target_department_name",
            "source",
            "source_display",
            "status",
            "status_display",
            "issued_on",
            "issued_by_name",
            "reply_due_date",
            "reply_due_date_warning",
            "reply_due_date_manual",
            "replied_on",
            "closed_on",
            "reply_file_count",
            "overdue",
            "light",
            "light_display",
            "archived",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        today = self.context["light_context"].today
        return (
            obj.status == Recommendation.Status.ISSUED
            and obj.archived_at is None
            and obj.reply_due_date is not None
            and obj.reply_due_date < today
        )


class RecommendationReplyFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(label="下载地址")

    class Meta:
        model = RecommendationReplyFile
        fields = ["id", "original_name", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return reverse("recommendation-reply-file", kwargs={"pk": obj.recommendation_id, "file_pk": obj.pk})


class RecommendationStepSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="issued 制发、replied 回复、closed 办结")
    label = serializers.CharField()
    date = serializers.DateField(help_text="该环节的日期（补录时为实际日期）")
    entered_at = serializers.DateTimeField(allow_null=True, help_text="登记时间")
    entered_by = serializers.CharField(help_text="登记人")
    backfilled = serializers.BooleanField(help_text="补录：日期早于登记当天")


class RecommendationDetailSerializer(RecommendationListSerializer):
    reply_files = RecommendationReplyFileSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户现在可以办理的环节")
    steps = serializers.SerializerMethodField(help_text="制发、回复、办结记录（含补录标记）")

    class Meta(RecommendationListSerializer.Meta):
        fields = RecommendationListSerializer.Meta.fields + [
            "copy_to",
            "source_detail",
            "problems",
            "causes",
            "recommendations",
            "reply_text",
            "close_note",
            "created_at",
            "reply_files",
            "allowed_actions",
            "steps",
        ]
        read_only_fields = fields

    @extend_schema_field(RecommendationStepSerializer(many=True))
    def get_steps(self, obj):
        return RecommendationStepSerializer(recommendation_steps(obj), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        return permissions.recommendation_allowed_actions(self.context["request"].user, obj)


class RecommendationWriteSerializer(serializers.Serializer):
    version = VersionField()
    kind = serializers.ChoiceField(choices=Recommendation.Kind.choices, label="建议类型", required=False)
    title = serializers.CharField(label="标题", max_length=200)
    target_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), label="主送部门")
    copy_to = serializers.CharField(label="抄送", max_length=200, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Recommendation.Source.choices, label="问题来源")
    source_detail = serializers.CharField(label="来源说明", max_length=200, required=False, allow_blank=True)
    problems = serializers.CharField(label="存在的问题")
    causes = serializers.CharField(label="原因分析", required=False, allow_blank=True)
    recommendations = serializers.CharField(label="建议措施")
    reply_due_date = DateField(
        label="回复期限（逐份设定）",
        required=False,
        allow_null=True,
        help_text="不填则按规则“纪律检查建议书：回复”自制发之日起计算",
    )


class RecommendationIssueSerializer(serializers.Serializer):
    issued_on = DateField(label="制发日期", required=False, allow_null=True, help_text="默认为今天")


class RecommendationReplyDueSerializer(serializers.Serializer):
    reply_due_date = DateField(label="回复期限")
    reason = serializers.CharField(label="调整理由", max_length=200)


class RecommendationReplySerializer(serializers.Serializer):
    reply_text = serializers.CharField(label="回复内容")
    replied_on = DateField(label="回复日期", required=False, allow_null=True, help_text="默认为今天")
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False), label="回复附件", required=False, allow_empty=True
    )


class RecommendationCloseSerializer(serializers.Serializer):
    note = serializers.CharField(label="办结意见", required=False, allow_blank=True)
    closed_on = DateField(label="办结日期", required=False, allow_null=True, help_text="默认为今天")
