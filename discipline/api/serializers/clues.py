from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.outcomes import Form, OutcomeKind
from core.scoping import visible_to
from discipline import permissions
from discipline.api.serializers.common import ChoiceLabelField, DateField, LightMixin, StepDateMixin
from discipline.models import Clue, ClueOutcome, ClueStep, MeetingOpinion
from discipline.selectors.clues import clue_light
from organization.models import Department, Person


# -- read ------------------------------------------------------------------------------------
class ClueListSerializer(LightMixin, serializers.ModelSerializer):
    light_function = staticmethod(clue_light)

    number = serializers.CharField(read_only=True, label="编号")
    source_display = ChoiceLabelField(Clue.Source, source="source")
    # The source petition as the requesting user may see it (selectors.clue_queryset): None for a
    # petition hidden from them (回避), so neither its id nor its number is given away.
    source_petition = serializers.IntegerField(
        source="visible_source_petition_id", read_only=True, allow_null=True, label="来源信访件"
    )
    source_petition_number = serializers.CharField(read_only=True, allow_null=True, label="来源信访件编号")
    subject_person_name = serializers.CharField(source="subject_person.name", read_only=True, label="被反映人")
    subject_department_name = serializers.CharField(
        source="subject_department.name", read_only=True, default=None, label="所在部门"
    )
    status_display = ChoiceLabelField(Clue.Status, source="status")
    disposal_display = ChoiceLabelField(Clue.Disposal, source="disposal")
    handler_name = serializers.CharField(read_only=True, label="承办人")
    due_kind_display = ChoiceLabelField(Clue.DueKind, source="due_kind")
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Clue
        fields = [
            "id",
            "version",
            "number",
            "year",
            "seq",
            "received_date",
            "source",
            "source_display",
            "source_petition",
            "source_petition_number",
            "inspection_round",
            "source_reference",
            "subject_person",
            "subject_person_name",
            "subject_department",
            "subject_department_name",
            "summary",
            "status",
            "status_display",
            "disposal",
            "disposal_display",
            "handler",
            "handler_name",
            "due_date",
            "due_kind",
            "due_kind_display",
            "light",
            "light_display",
            "concluded_on",
            "archived",
        ]
        read_only_fields = fields


class ClueMeetingOpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingOpinion
        fields = ["person", "person_name", "opinion"]
        read_only_fields = fields


class ClueStepSerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField(ClueStep.Kind, source="kind")
    disposal_display = ChoiceLabelField(Clue.Disposal, source="disposal")
    method_display = ChoiceLabelField(ClueStep.Method, source="method")
    feedback_target_display = ChoiceLabelField(ClueStep.FeedbackTarget, source="feedback_target")
    assignee_name = serializers.CharField(read_only=True, default="")
    opinions = ClueMeetingOpinionSerializer(many=True, read_only=True)
    backfilled = serializers.BooleanField(
        source="is_backfilled", read_only=True, help_text="补录：办理日期早于签名（登记）当天"
    )

    class Meta:
        model = ClueStep
        fields = [
            "id",
            "kind",
            "kind_display",
            "date",
            "disposal",
            "disposal_display",
            "method",
            "method_display",
            "feedback_target",
            "feedback_target_display",
            "assignee",
            "assignee_name",
            "note",
            "signed_by",
            "signer_name",
            "signed_at",
            "backfilled",
            "opinions",
        ]
        read_only_fields = fields


class ClueOutcomeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind_display = ChoiceLabelField(OutcomeKind, source="kind")
    form_display = ChoiceLabelField(Form, source="form")

    class Meta:
        model = ClueOutcome
        fields = ["id", "person", "person_name", "kind", "kind_display", "form", "form_display", "decided_on", "note"]
        read_only_fields = fields


class ClueDeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rule = serializers.CharField()
    rule_name = serializers.CharField()
    period = serializers.CharField()
    legal_basis = serializers.CharField(help_text="期限依据")
    due_date = serializers.DateField()
    warning = serializers.CharField(allow_blank=True)
    outstanding = serializers.BooleanField()


class ClueDetailSerializer(ClueListSerializer):
    steps = ClueStepSerializer(many=True, read_only=True)
    outcomes = ClueOutcomeSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField(help_text="各项期限及其依据")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户现在可以办理的环节")

    @extend_schema_field(ClueDeadlineSerializer(many=True))
    def get_deadlines(self, obj):
        from discipline.due_dates import clue_deadline_rows, clue_rules

        return ClueDeadlineSerializer(clue_deadline_rows(obj, clue_rules()), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        return permissions.allowed_actions(self.context["request"].user, obj)

    class Meta(ClueListSerializer.Meta):
        fields = ClueListSerializer.Meta.fields + [
            "content",
            "result",
            "disposal_approved_on",
            "approved_on",
            "inquiry_sent_on",
            "inquiry_replied_on",
            "deferred_on",
            "last_reviewed_on",
            "transferred_to",
            "transferred_on",
            "inspection_fed_back_on",
            "talk_held_on",
            "petition_office_fed_back_on",
            "disposal_due_date",
            "disposal_due_date_warning",
            "inquiry_due_date",
            "inquiry_due_date_warning",
            "inspection_feedback_due_date",
            "inspection_feedback_due_date_warning",
            "next_review_date",
            "next_review_date_warning",
            "inquiry_conclude_due_date",
            "inquiry_conclude_due_date_warning",
            "petition_office_feedback_due_date",
            "petition_office_feedback_due_date_warning",
            "created_at",
            "steps",
            "outcomes",
            "deadlines",
            "allowed_actions",
        ]
        read_only_fields = fields


# -- write -----------------------------------------------------------------------------------
@extend_schema_field(OpenApiTypes.INT)
class VisiblePetitionField(serializers.PrimaryKeyRelatedField):
    """A petition the requesting user may see (others read as nonexistent)."""

    def get_queryset(self):
        petition_model = Clue._meta.get_field("source_petition").related_model
        return visible_to(petition_model, user=self.context["request"].user)


class ClueRegisterSerializer(StepDateMixin, serializers.Serializer):
    received_date = DateField(label="收到日期")
    source = serializers.ChoiceField(choices=Clue.Source.choices, label="线索来源")
    source_petition = VisiblePetitionField(label="来源信访件", required=False, allow_null=True)
    inspection_round = serializers.CharField(label="巡察轮次", required=False, allow_blank=True, max_length=200)
    source_reference = serializers.CharField(label="来源编号或文号", required=False, allow_blank=True, max_length=200)
    subject_person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), label="被反映人")
    subject_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), label="所在部门", required=False, allow_null=True
    )
    summary = serializers.CharField(label="问题摘要", max_length=500)
    content = serializers.CharField(label="线索内容", required=False, allow_blank=True)


class ClueFromPetitionSerializer(serializers.Serializer):
    """转为问题线索: the petition (one the user may see) and, where it names none, the 被反映人."""

    petition = VisiblePetitionField(label="信访件")
    subject_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), label="被反映人（信访件未登记时必填）", required=False, allow_null=True
    )
    at = serializers.DateTimeField(
        label="转为问题线索的时间", required=False, allow_null=True, help_text="默认为当前时间；补录时填写实际时间"
    )


class ClueAssignSerializer(StepDateMixin, serializers.Serializer):
    handler = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), label="承办人（用户）"
    )
    note = serializers.CharField(label="分办意见", required=False, allow_blank=True)


class ClueProposeSerializer(StepDateMixin, serializers.Serializer):
    disposal = serializers.ChoiceField(choices=Clue.Disposal.choices, label="处置方式（或移送审查调查）")
    note = serializers.CharField(label="拟办理由")


class ClueMeetingMemberSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), label="参会人员")
    opinion = serializers.CharField(label="个人意见")


class ClueDiscussSerializer(StepDateMixin, serializers.Serializer):
    members = ClueMeetingMemberSerializer(many=True, label="参会人员及意见", allow_empty=False)
    disposal = serializers.ChoiceField(
        choices=Clue.Disposal.choices,
        label="研究确定的处置方式",
        required=False,
        allow_null=True,
        help_text="不填则同意拟办意见",
    )
    note = serializers.CharField(label="研究结论", required=False, allow_blank=True)


class ClueNoteSerializer(StepDateMixin, serializers.Serializer):
    note = serializers.CharField(label="意见", required=False, allow_blank=True)


class ClueRequiredNoteSerializer(StepDateMixin, serializers.Serializer):
    note = serializers.CharField(label="意见或理由")


class ClueExecuteSerializer(StepDateMixin, serializers.Serializer):
    method = serializers.ChoiceField(
        choices=[ClueStep.Method.TALK, ClueStep.Method.LETTER],
        label="谈话函询方式",
        required=False,
        allow_blank=True,
        help_text="谈话函询必填：谈话或函询",
    )
    transferred_to = serializers.CharField(
        label="移送单位", required=False, allow_blank=True, max_length=200, help_text="移送审查调查必填"
    )
    note = serializers.CharField(label="执行情况", required=False, allow_blank=True)


class ClueOutcomeInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), label="被处理人")
    kind = serializers.ChoiceField(choices=OutcomeKind.choices, label="处理结果")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, max_length=200)


class ClueConcludeSerializer(StepDateMixin, serializers.Serializer):
    result = serializers.CharField(label="办理结果")
    outcomes = ClueOutcomeInputSerializer(many=True, label="处理结果（按人）", required=False)


class ClueFeedbackSerializer(StepDateMixin, serializers.Serializer):
    target = serializers.ChoiceField(choices=ClueStep.FeedbackTarget.choices, label="反馈对象")
    method = serializers.ChoiceField(
        choices=[ClueStep.Method.WRITTEN, ClueStep.Method.PHONE, ClueStep.Method.IN_PERSON, ClueStep.Method.OTHER],
        label="反馈方式",
    )
    note = serializers.CharField(label="反馈内容")


class ClueCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ClueStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_status = ClueCountSerializer(many=True)
    by_disposal = ClueCountSerializer(many=True)
    by_source = ClueCountSerializer(many=True)
    outcomes_by_kind = ClueCountSerializer(many=True)
    outcomes_by_form = ClueCountSerializer(many=True)
