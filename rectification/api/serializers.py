"""Representations of 巡察整改. Reads are computed from selector annotations (no queries per row)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deadlines.light import Light
from organization.models import Department, Person
from rectification import permissions
from rectification.models import (
    Aspect,
    DeadlineKind,
    Evidence,
    Extension,
    InspectionRound,
    Measure,
    MeasureReview,
    Problem,
    ProgressUpdate,
)

# -- small shared pieces -----------------------------------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, user):
        return user.get_full_name() or user.username


@extend_schema_field(NamedRefSerializer(allow_null=True))
class NamedRefField(serializers.Field):
    """{id, name} of a related person or department — cheaper per row than a nested serializer."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source)

    def to_representation(self, value):
        return {"id": value.pk, "name": value.name}


@extend_schema_field(NamedRefSerializer(many=True))
class NamedRefListField(NamedRefField):
    def to_representation(self, value):
        return [{"id": item.pk, "name": item.name} for item in value]


def _rate(done, total):
    return round(done * 100 / total, 1) if total else None


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
            "name",
            "inspection_team",
            "inspected_unit",
            "feedback_date",
            "rectification_end",
            "report_due_date",
            "report_due_warning",
            "report_submitted_on",
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
            "problem_rate": _rate(obj.problem_done, obj.problem_total),
            "measure_total": obj.measure_total,
            "measure_done": obj.measure_done,
            "measure_rate": _rate(obj.measure_done, obj.measure_total),
            "measure_overdue": obj.measure_overdue,
            "extension_count": obj.extension_count,
        }

    @extend_schema_field(RoundRuleSerializer(many=True))
    def get_deadline_rules(self, obj):
        """The editable rules that set this round's dates, with the dates they give."""
        rules_for = self.context.get("round_rules")
        return rules_for(obj) if rules_for else []


class RoundWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionRound
        fields = [
            "name",
            "inspection_team",
            "inspected_unit",
            "feedback_date",
            "rectification_end",
            "report_submitted_on",
            "notes",
        ]
        extra_kwargs = {"inspection_team": {"required": False}}


# -- aspects and problems ---------------------------------------------------------------------


class AspectSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)

    class Meta:
        model = Aspect
        fields = ["id", "round", "round_name", "parent", "level", "title", "order"]


class AspectWriteSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=InspectionRound.objects.filter(archived_at__isnull=True))
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Aspect.objects.filter(archived_at__isnull=True), allow_null=True, required=False
    )
    order = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Aspect
        fields = ["round", "parent", "title", "order"]


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
            "round",
            "aspect",
            "aspect_title",
            "order",
            "text",
            "similar_to",
            "similar_to_round",
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
        fields = ["round", "aspect", "text", "similar_to", "order"]


# -- measures ------------------------------------------------------------------------------------


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

    @extend_schema_field(NamedRefSerializer)
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

    @extend_schema_field(serializers.ChoiceField(choices=Light.choices))
    def get_light(self, obj):
        return self._light(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_light_display(self, obj):
        return Light(self._light(obj)).label

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj):
        return self._light(obj) == Light.RED


class ReviewSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = MeasureReview
        fields = ["id", "action", "action_display", "actor", "at", "note"]


class ExtensionSerializer(serializers.ModelSerializer):
    requested_by = UserRefSerializer(read_only=True)
    decided_by = UserRefSerializer(read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

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
            "decision_note",
        ]


class MeasureDetailSerializer(MeasureSerializer):
    reviews = ReviewSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "reviews", "extensions", "allowed_actions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        return permissions.allowed_actions(self.context["request"].user, obj)


class MeasureWriteSerializer(serializers.ModelSerializer):
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


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class SignOffSerializer(NoteSerializer):
    long_term = serializers.BooleanField(label="认定为长期坚持（已建立长效机制）", required=False, default=False)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(label="退回理由")


class ExtensionRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(label="延期理由")
    requested_date = serializers.DateField(label="申请延至")


class ExtensionRefuseSerializer(serializers.Serializer):
    note = serializers.CharField(label="不予批准的理由")


# -- progress and evidence -------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "uploaded_at", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj):
        return reverse("rectification-measure-evidence-download", kwargs={"pk": obj.measure_id, "evidence_id": obj.pk})


class ProgressSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True, allow_null=True)
    department = NamedRefSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "measure", "date", "text", "author", "department", "is_imported", "created_at", "evidence"]


class ProgressCreateSerializer(serializers.Serializer):
    date = serializers.DateField(label="进展日期", required=False)
    text = serializers.CharField(label="进展情况")
    files = serializers.ListField(child=serializers.FileField(), label="佐证材料", required=False, default=list)


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), label="佐证材料", allow_empty=False)


# -- ledger --------------------------------------------------------------------------------------


class LedgerImportSerializer(serializers.Serializer):
    file = serializers.FileField(label="整改台账（.xlsx）")
    dry_run = serializers.BooleanField(label="仅检查，不导入", required=False, default=False)


class LedgerIssueSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class LedgerSummarySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    round = serializers.CharField()
    sheets = serializers.ListField(child=serializers.CharField())
    aspects = serializers.IntegerField()
    problems = serializers.IntegerField()
    measures = serializers.IntegerField()
    progress_notes = serializers.IntegerField()
    new_departments = serializers.ListField(child=serializers.CharField())
    new_people = serializers.ListField(child=serializers.CharField(), label="新建人员（无登录账号）")
    warnings = LedgerIssueSerializer(many=True)
