from django.urls import reverse
from rest_framework import serializers

from organization.models import Department, Person
from reports.models import Activity, ActivityAttachment, ActivityKind, AnnualReport, RiskCategory, RiskPoint


class ActivityKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityKind
        fields = ["id", "code", "name", "unit", "counts_persons", "allows_seminar", "is_system", "order", "is_active"]
        read_only_fields = ["is_system"]


class RiskCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskCategory
        fields = ["id", "name", "order", "is_active"]


class ActivityAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ActivityAttachment
        fields = ["id", "name", "size", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("activity-attachment-download", kwargs={"pk": obj.activity_id, "attachment_pk": obj.pk})


class ActivitySerializer(serializers.ModelSerializer):
    kind = serializers.PrimaryKeyRelatedField(queryset=ActivityKind.objects.all(), label="类型")
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    unit = serializers.CharField(source="kind.unit", read_only=True)
    quantity = serializers.IntegerField(
        label="数量",
        min_value=1,
        max_value=100000,
        required=False,
        help_text="不填时：按人数计的类型取涉及人员人数，其他为 1",
    )
    persons = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False, label="涉及人员"
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True, label="组织部门"
    )
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    attachments = ActivityAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "kind_name",
            "unit",
            "date",
            "title",
            "quantity",
            "persons",
            "is_seminar",
            "department",
            "department_name",
            "notes",
            "attachments",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="文件")


class RiskPointSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=RiskCategory.objects.all(), label="工作类别")
    category_name = serializers.CharField(source="category.name", read_only=True)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True, label="所在部门"
    )
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    shortcoming_count = serializers.IntegerField(label="制度措施短板（条）", min_value=0, max_value=10000, default=0)
    suggestion_count = serializers.IntegerField(label="意见建议（条）", min_value=0, max_value=10000, default=0)

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "date",
            "category",
            "category_name",
            "department",
            "department_name",
            "title",
            "shortcoming_count",
            "shortcomings",
            "suggestion_count",
            "suggestions",
            "notes",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class ReportProfileSerializer(serializers.Serializer):
    unit_short_name = serializers.CharField(
        label="单位简称（正文用）", max_length=100, allow_blank=True, required=False
    )
    line_of_work = serializers.CharField(label="服务的业务工作", max_length=100, allow_blank=True, required=False)
    campaign_name = serializers.CharField(label="廉政工作品牌名称", max_length=100, allow_blank=True, required=False)
    column_name = serializers.CharField(label="网文栏目名称", max_length=100, allow_blank=True, required=False)
    system_name = serializers.CharField(label="系统名称", max_length=100, allow_blank=True, required=False)
    recipient = serializers.CharField(label="主送机关", max_length=100, allow_blank=True, required=False)
    signature = serializers.CharField(label="署名", max_length=100, allow_blank=True, required=False)
    office_name = serializers.CharField(label="纪检机构名称", max_length=100, allow_blank=True, required=False)
    unit_name = serializers.CharField(label="单位名称（单位信息）", read_only=True)
    party_group_name = serializers.CharField(label="党组名称（单位信息）", read_only=True)
    superior_body = serializers.CharField(label="上级纪检机构（单位信息）", read_only=True)


class NarrativeTextSerializer(serializers.Serializer):
    """The wording of a year's report: as saved (NarrativeSerializer) or frozen into a version."""

    work_text = serializers.CharField(label="正文（开头与一、工作开展情况）", required=False, allow_blank=True)
    problems_text = serializers.CharField(label="二、存在问题", required=False, allow_blank=True)
    plans_text = serializers.CharField(label="三、下一步工作打算", required=False, allow_blank=True)
    manual_values = serializers.DictField(
        child=serializers.CharField(max_length=50), required=False, label="人工确认的数字（指标代码: 文字）"
    )


class NarrativeSerializer(NarrativeTextSerializer):
    year = serializers.IntegerField(read_only=True)
    is_default = serializers.BooleanField(read_only=True)


class HintSerializer(serializers.Serializer):
    section = serializers.ChoiceField(
        choices=[("problems", "存在问题"), ("plans", "下一步工作打算"), ("figures", "数字")]
    )
    text = serializers.CharField()
    codes = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="数字类提示所列指标的代码（与提示文字一致）"
    )


class NarrativeDetailSerializer(NarrativeSerializer):
    hints = HintSerializer(many=True, read_only=True)


class MetricSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()
    extra = serializers.BooleanField(help_text="示例报告之外的补充指标")
    traceable = serializers.BooleanField(help_text="是否有可追溯的记录清单")


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True, help_text="正文中的写法（系统数据或人工确认的值；待填时为空）")
    flagged = serializers.BooleanField(help_text="无数据支撑且未人工确认，正文中为【待填：…】")
    source = serializers.ChoiceField(
        choices=[("system", "系统"), ("manual", "人工确认"), ("missing", "待填")], help_text="数据来源"
    )
    manual = serializers.CharField(allow_blank=True, help_text="人工确认的值（系统已有数据时亦保留，但不采用）")
    superseded = serializers.BooleanField(help_text="有人工确认的值，但系统已有数据，以系统数据为准")
    reason = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    extra = serializers.BooleanField()
    record_count = serializers.IntegerField(
        allow_null=True, help_text="该数字统计的记录数（与记录清单一致）；无记录清单的单位信息为 null"
    )


class GenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=9999)
    report_date = serializers.DateField(label="成文日期", required=False)


class PreviewQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=9999)


class FrameSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    recipient = serializers.CharField(max_length=100, allow_blank=True, required=False)
    signature = serializers.CharField(max_length=100, allow_blank=True, required=False)


class ReportTextSerializer(serializers.Serializer):
    work_text = serializers.CharField(required=False, allow_blank=True)
    problems_text = serializers.CharField(required=False, allow_blank=True)
    plans_text = serializers.CharField(required=False, allow_blank=True)
    manual_values = serializers.DictField(child=serializers.CharField(max_length=50), required=False)
    frame = FrameSerializer(required=False)
    report_date = serializers.DateField(required=False)


class ReportListSerializer(serializers.ModelSerializer):
    generated_by_name = serializers.SerializerMethodField()
    published_by_name = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "year",
            "version",
            "status",
            "report_date",
            "generated_by_name",
            "generated_at",
            "published_by_name",
            "published_at",
        ]

    def get_generated_by_name(self, obj) -> str:
        return _user_name(obj.generated_by)

    def get_published_by_name(self, obj) -> str:
        return _user_name(obj.published_by)


def _user_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


class ReportDetailSerializer(ReportListSerializer):
    frame = FrameSerializer(read_only=True)
    # A version keeps the wording it was generated with; it has no year or "default" of its own.
    narrative = NarrativeTextSerializer(read_only=True)
    figures = serializers.SerializerMethodField()
    hints = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(help_text="全文（纯文本），待填处为【待填：…】")
    flagged = serializers.SerializerMethodField(help_text="待作者填写或确认的各处")

    class Meta(ReportListSerializer.Meta):
        fields = [*ReportListSerializer.Meta.fields, "frame", "narrative", "figures", "hints", "text", "flagged"]

    def _view(self, obj):
        """The version's figures, text and hints, resolved once (reports.selectors.version_view)."""
        from reports.selectors import version_view

        if not hasattr(obj, "_view_cache"):
            obj._view_cache = version_view(obj)
        return obj._view_cache

    def get_figures(self, obj) -> FigureSerializer(many=True):
        from reports.selectors import figure_rows

        return figure_rows(self._view(obj).figures)

    def get_hints(self, obj) -> HintSerializer(many=True):
        return HintSerializer(self._view(obj).hints, many=True).data

    def get_text(self, obj) -> str:
        return self._view(obj).rendered.plain_text()

    def get_flagged(self, obj) -> list[str]:
        return [s.text for s in self._view(obj).rendered.flagged]


class RecordPageSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    model = serializers.CharField(allow_null=True)
    counted = serializers.IntegerField(help_text="该数字统计的记录数")
    visible = serializers.IntegerField(help_text="您有权查看的记录数")
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="统计依据的记录编号")
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
