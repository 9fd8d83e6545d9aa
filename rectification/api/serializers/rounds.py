"""Rounds, aspects and problems."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.concurrency import VersionField
from rectification.api.serializers.common import rate
from rectification.models import Aspect, InspectionRound, Problem

# -- rounds ------------------------------------------------------------------------------------


class RoundStatsSerializer(serializers.Serializer):
    problem_total = serializers.IntegerField(label="问题数")
    problem_done = serializers.IntegerField(label="已完成整改问题数")
    problem_rate = serializers.FloatField(label="问题整改完成率（%）", allow_null=True)
    measure_total = serializers.IntegerField(label="措施数")
    measure_done = serializers.IntegerField(label="已完成措施数（含长期坚持）")
    measure_rate = serializers.FloatField(label="措施完成率（%）", allow_null=True)
    measure_overdue = serializers.IntegerField(label="逾期措施数")
    extension_count = serializers.IntegerField(label="批准延期次数")


class RoundRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    period = serializers.CharField(label="期限")
    legal_basis = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(allow_null=True)
    warning = serializers.CharField(allow_blank=True)


class RoundSerializer(serializers.ModelSerializer):
    stats = serializers.SerializerMethodField()
    deadline_rules = serializers.SerializerMethodField()

    class Meta:
        model = InspectionRound
        fields = [
            "id",
            "version",
            "name",
            "inspection_team",
            "inspected_unit",
            "feedback_date",
            "rectification_end",
            "plan_due_date",
            "plan_due_warning",
            "plan_submitted_on",
            "report_due_date",
            "report_due_warning",
            "report_submitted_on",
            "leader_report_due_date",
            "leader_report_due_warning",
            "leader_report_submitted_on",
            "notes",
            "stats",
            "deadline_rules",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(RoundStatsSerializer)
    def get_stats(self, obj):
        return {
            "problem_total": obj.problem_total,
            "problem_done": obj.problem_done,
            "problem_rate": rate(obj.problem_done, obj.problem_total),
            "measure_total": obj.measure_total,
            "measure_done": obj.measure_done,
            "measure_rate": rate(obj.measure_done, obj.measure_total),
            "measure_overdue": obj.measure_overdue,
            "extension_count": obj.extension_count,
        }

    @extend_schema_field(RoundRuleSerializer(many=True))
    def get_deadline_rules(self, obj):
        """The editable rules that set this round's dates, with the dates they give."""
        rules_for = self.context.get("round_rules")
        return rules_for(obj) if rules_for else []


class RoundWriteSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = InspectionRound
        fields = [
            "version",
            "name",
            "inspection_team",
            "inspected_unit",
            "feedback_date",
            "rectification_end",
            "plan_submitted_on",
            "report_submitted_on",
            "leader_report_submitted_on",
            "notes",
        ]
        extra_kwargs = {"inspection_team": {"required": False}}


# -- aspects and problems ---------------------------------------------------------------------


class AspectSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)

    class Meta:
        model = Aspect
        fields = ["id", "version", "round", "round_name", "parent", "level", "title", "order"]


class AspectWriteSerializer(serializers.ModelSerializer):
    version = VersionField()
    round = serializers.PrimaryKeyRelatedField(queryset=InspectionRound.objects.filter(archived_at__isnull=True))
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Aspect.objects.filter(archived_at__isnull=True), allow_null=True, required=False
    )
    order = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Aspect
        fields = ["version", "round", "parent", "title", "order"]


PROBLEM_STATUS_CHOICES = [("not_started", "未启动"), ("in_progress", "推进中"), ("done", "已完成整改")]
_PROBLEM_STATUS_LABELS = dict(PROBLEM_STATUS_CHOICES)


def problem_status(obj) -> str:
    """A problem is done when all its measures are; started when any is (derived, never stored)."""
    if obj.measure_total and obj.measure_done == obj.measure_total:
        return "done"
    if obj.measure_started:
        return "in_progress"
    return "not_started"


class ProblemSerializer(serializers.ModelSerializer):
    aspect_title = serializers.CharField(source="aspect.title", read_only=True, default=None)
    similar_to_round = serializers.CharField(source="similar_to.round.name", read_only=True, default=None)
    status = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    measure_total = serializers.IntegerField(read_only=True)
    measure_done = serializers.IntegerField(read_only=True)
    measure_overdue = serializers.IntegerField(read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "version",
            "round",
            "aspect",
            "aspect_title",
            "order",
            "text",
            "similar_to",
            "similar_to_round",
            "is_public",
            "status",
            "status_display",
            "measure_total",
            "measure_done",
            "measure_overdue",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=PROBLEM_STATUS_CHOICES))
    def get_status(self, obj):
        return problem_status(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_display(self, obj):
        return _PROBLEM_STATUS_LABELS[problem_status(obj)]


class ProblemWriteSerializer(serializers.ModelSerializer):
    version = VersionField()
    round = serializers.PrimaryKeyRelatedField(queryset=InspectionRound.objects.filter(archived_at__isnull=True))
    aspect = serializers.PrimaryKeyRelatedField(
        queryset=Aspect.objects.filter(archived_at__isnull=True), allow_null=True, required=False
    )
    similar_to = serializers.PrimaryKeyRelatedField(
        queryset=Problem.objects.filter(archived_at__isnull=True).select_related("round"),
        allow_null=True,
        required=False,
    )
    order = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Problem
        fields = ["version", "round", "aspect", "text", "similar_to", "order", "is_public"]
