"""Measures, their workflow payloads, reviews, extensions, progress and evidence."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.concurrency import VersionField
from deadlines.light import MEASURE_LIGHT_CHOICES, Light
from organization.models import Department, Person
from rectification import permissions
from rectification.api.serializers.common import (
    NamedRefField,
    NamedRefListField,
    RectificationRefSerializer,
    RectificationUserSerializer,
)
from rectification.models import DeadlineKind, Evidence, Extension, Measure, MeasureReview, Problem, ProgressUpdate

# -- measures ------------------------------------------------------------------------------------


LIGHT_DESCRIPTION = "亮灯：" + "，".join(f"{value} {label}" for value, label in MEASURE_LIGHT_CHOICES)


class MeasureSerializer(serializers.ModelSerializer):
    """A list row: department, people and light without a query per row."""

    round = serializers.SerializerMethodField()
    problem = serializers.SerializerMethodField()
    responsible_leader = NamedRefField()
    lead_department = NamedRefField()
    co_departments = NamedRefListField(source="co_department_list")
    responsible_person = NamedRefField()
    deadline_kind_display = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    is_extended = serializers.BooleanField(source="due_date_manual", read_only=True)
    extension_count = serializers.SerializerMethodField()
    has_pending_extension = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField()
    light_display = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "version",
            "round",
            "problem",
            "order",
            "content",
            "target",
            "responsible_leader",
            "lead_department",
            "co_departments",
            "responsible_person",
            "deadline_kind",
            "deadline_kind_display",
            "deadline_text",
            "due_date",
            "original_due_date",
            "due_date_warning",
            "is_extended",
            "extension_count",
            "has_pending_extension",
            "status",
            "status_display",
            "light",
            "light_display",
            "overdue",
            "remarks",
            "submitted_at",
            "closed_at",
            "updated_at",
        ]

    def _light(self, obj):
        cached = getattr(obj, "_light_cache", None)
        if cached is None:
            ctx = self.context["light_ctx"]
            cached = obj._light_cache = obj.light(today=ctx.today, boundary=ctx.boundary)
        return cached

    @extend_schema_field(OpenApiTypes.STR)
    def get_deadline_kind_display(self, obj):
        return obj.get_deadline_kind_display()

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_display(self, obj):
        return obj.get_status_display()

    @extend_schema_field(OpenApiTypes.INT)
    def get_extension_count(self, obj):
        """Approved extensions (counted in statistics)."""
        return sum(1 for e in obj.open_extension_list if e.status == Extension.Status.APPROVED)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_pending_extension(self, obj):
        return any(e.status == Extension.Status.PENDING for e in obj.open_extension_list)

    @extend_schema_field(RectificationRefSerializer)
    def get_round(self, obj):
        rnd = obj.problem.round
        return {"id": rnd.pk, "name": rnd.name}

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "order": {"type": "integer"},
                "text": {"type": "string"},
                "aspect": {"type": "string", "nullable": True},
            },
        }
    )
    def get_problem(self, obj):
        problem = obj.problem
        return {
            "id": problem.pk,
            "order": problem.order,
            "text": problem.text,
            "aspect": problem.aspect.title if problem.aspect_id else None,
        }

    # A described string rather than an enum component: other apps have "light" fields with
    # other labels, and one enum name per field name is what the schema generator allows.
    @extend_schema_field(
        {"type": "string", "description": "亮灯：" + "，".join(f"{v} {label}" for v, label in MEASURE_LIGHT_CHOICES)}
    )
    def get_light(self, obj):
        return self._light(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_light_display(self, obj):
        return dict(MEASURE_LIGHT_CHOICES)[self._light(obj)]  # a measure's none is 长期坚持

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj):
        return self._light(obj) == Light.RED


class MeasureReviewSerializer(serializers.ModelSerializer):
    """A workflow step; ``backfilled`` (补录) when ``at`` lies on a day before ``entered_at``."""

    actor = RectificationUserSerializer(read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    backfilled = serializers.BooleanField(source="is_backfilled", read_only=True, label="补录")

    class Meta:
        model = MeasureReview
        fields = ["id", "action", "action_display", "actor", "at", "entered_at", "backfilled", "note"]


class MeasureExtensionSerializer(serializers.ModelSerializer):
    requested_by = RectificationUserSerializer(read_only=True)
    decided_by = RectificationUserSerializer(read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    decision_backfilled = serializers.BooleanField(source="is_decision_backfilled", read_only=True, label="审批为补录")
    request_backfilled = serializers.BooleanField(source="is_request_backfilled", read_only=True, label="申请为补录")

    class Meta:
        model = Extension
        fields = [
            "id",
            "measure",
            "reason",
            "previous_due_date",
            "requested_date",
            "requested_by",
            "requested_at",
            "status",
            "status_display",
            "decided_by",
            "decided_at",
            "decision_entered_at",
            "decision_backfilled",
            "request_entered_at",
            "request_backfilled",
            "decision_note",
        ]


class MeasureDetailSerializer(MeasureSerializer):
    reviews = MeasureReviewSerializer(many=True, read_only=True)
    extensions = MeasureExtensionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "reviews", "extensions", "allowed_actions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        return permissions.allowed_actions(self.context["request"].user, obj)


class MeasureWriteSerializer(serializers.ModelSerializer):
    version = VersionField()
    problem = serializers.PrimaryKeyRelatedField(
        queryset=Problem.objects.filter(archived_at__isnull=True).select_related("round")
    )
    responsible_leader = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, required=False
    )
    lead_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    co_departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True, required=False)
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, required=False
    )
    deadline_kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False)
    due_date = serializers.DateField(allow_null=True, required=False)
    order = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Measure
        fields = [
            "version",
            "problem",
            "content",
            "target",
            "responsible_leader",
            "lead_department",
            "co_departments",
            "responsible_person",
            "deadline_kind",
            "due_date",
            "deadline_text",
            "remarks",
            "order",
        ]


# -- workflow payloads ------------------------------------------------------------------------


class StepAtSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        label="发生时间", required=False, allow_null=True, default=None, help_text="默认为当前时间；补录时填写实际时间"
    )


class MeasureNoteSerializer(StepAtSerializer):
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class MeasureSignOffSerializer(MeasureNoteSerializer):
    long_term = serializers.BooleanField(label="认定为长期坚持（已建立长效机制）", required=False, default=False)


class MeasureReturnSerializer(StepAtSerializer):
    reason = serializers.CharField(label="退回理由")


class MeasureExtensionRequestSerializer(StepAtSerializer):
    reason = serializers.CharField(label="延期理由")
    requested_date = serializers.DateField(label="申请延至")


class MeasureExtensionRefuseSerializer(StepAtSerializer):
    note = serializers.CharField(label="不予批准的理由")


# -- progress and evidence -------------------------------------------------------------------------


class MeasureEvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:  # a path on this server, like every download_url
        return reverse("rectification-measure-evidence-download", kwargs={"pk": obj.measure_id, "evidence_id": obj.pk})


class MeasureProgressSerializer(serializers.ModelSerializer):
    author = RectificationUserSerializer(read_only=True, allow_null=True)
    department = RectificationRefSerializer(read_only=True, allow_null=True)
    evidence = MeasureEvidenceSerializer(many=True, read_only=True)
    backfilled = serializers.BooleanField(source="is_backfilled", read_only=True, label="补录")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "measure", "date", "text", "author", "department", "is_imported", "created_at", "backfilled",
                  "evidence"]  # fmt: skip


class MeasureProgressCreateSerializer(serializers.Serializer):
    date = serializers.DateField(label="进展日期", required=False)
    text = serializers.CharField(label="进展情况")
    files = serializers.ListField(child=serializers.FileField(), label="佐证材料", required=False, default=list)


class MeasureEvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), label="佐证材料", allow_empty=False)
