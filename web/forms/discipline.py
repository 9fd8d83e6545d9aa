"""Forms of the 问题线索 and 纪律检查建议书 pages."""

from django import forms
from django.contrib.auth import get_user_model

from core.outcomes import OutcomeKind
from discipline.models import Clue, ClueStep, Recommendation
from organization.models import Department, Person
from organization.roles import GROUP_NAMES, Role
from web.forms import DateInput, MultipleFileField, WebForm
from web.forms.backfill import step_date_field


def _staff_users():
    names = [GROUP_NAMES[Role.INSPECTOR], GROUP_NAMES[Role.SUPERVISOR]]
    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct().order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ClueForm(WebForm):
    received_date = forms.DateField(label="收到日期", widget=DateInput())
    source = forms.ChoiceField(label="线索来源", choices=Clue.Source.choices)
    subject_person = forms.ModelChoiceField(label="被反映人", queryset=Person.objects.all(), empty_label="请选择")
    subject_department = forms.ModelChoiceField(
        label="被反映人所在部门", queryset=Department.objects.all(), required=False, empty_label="（无）"
    )
    summary = forms.CharField(label="问题摘要", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="线索内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    inspection_round = forms.CharField(label="巡察轮次", max_length=100, required=False, help_text="巡察移交的线索填写")
    source_reference = forms.CharField(label="来源编号或文号", max_length=200, required=False)
    date = step_date_field("登记日期")


class AssignForm(WebForm):
    handler = UserChoiceField(label="承办人", queryset=get_user_model().objects.none(), empty_label="请选择")
    note = forms.CharField(label="说明", required=False)
    date = step_date_field("分办日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _staff_users()


class ProposeForm(WebForm):
    disposal = forms.ChoiceField(label="拟办处置方式", choices=Clue.Disposal.choices)
    note = forms.CharField(label="拟办意见", widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field()


MEETING_ROWS = 4


class DiscussForm(WebForm):
    """集体研究: each member present with their own opinion (at least two)."""

    service_field_map = {"members": "member_1"}

    disposal = forms.ChoiceField(label="研究确定的处置方式", choices=[("", "（同拟办意见）"), *Clue.Disposal.choices],
                                 required=False)  # fmt: skip
    note = forms.CharField(label="研究结论", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field("研究日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MEETING_ROWS + 1):
            self.fields[f"member_{i}"] = forms.ModelChoiceField(
                label=f"参会人员{i}", queryset=Person.objects.all(), required=False, empty_label="（无）"
            )
            self.fields[f"opinion_{i}"] = forms.CharField(label=f"参会人员{i}的意见", required=False)

    def members(self):
        rows = []
        for i in range(1, MEETING_ROWS + 1):
            person, opinion = self.cleaned_data.get(f"member_{i}"), self.cleaned_data.get(f"opinion_{i}")
            if person or opinion:
                rows.append((person, opinion))
        return rows


class NoteForm(WebForm):
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field()


class RequiredNoteForm(WebForm):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field()


class ExecuteForm(WebForm):
    method = forms.ChoiceField(
        label="方式（谈话函询）",
        required=False,
        choices=[("", "（不适用）"), (ClueStep.Method.TALK, "谈话"), (ClueStep.Method.LETTER, "函询")],
    )
    transferred_to = forms.CharField(label="移送机关（移送审查调查）", required=False)
    note = forms.CharField(label="执行情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field("执行日期")


class ConcludeForm(WebForm):
    service_field_map = {"outcomes": "outcome_person"}

    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    outcome_person = forms.ModelChoiceField(label="被处理人", queryset=Person.objects.all(), required=False,
                                            empty_label="（无处理）")  # fmt: skip
    outcome_kind = forms.ChoiceField(label="处理结果", choices=[("", "（无）"), *OutcomeKind.choices], required=False)
    outcome_note = forms.CharField(label="处理说明", max_length=200, required=False)
    date = step_date_field("办结日期")

    def outcomes(self):
        person, kind = self.cleaned_data.get("outcome_person"), self.cleaned_data.get("outcome_kind")
        if person or kind:
            return [(person, kind, self.cleaned_data.get("outcome_note", ""))]
        return []


class FeedbackForm(WebForm):
    target = forms.ChoiceField(label="反馈对象", choices=ClueStep.FeedbackTarget.choices)
    method = forms.ChoiceField(label="方式", choices=ClueStep.Method.choices)
    note = forms.CharField(label="反馈情况", widget=forms.Textarea(attrs={"rows": 2}))
    date = step_date_field("反馈日期")


class RecommendationForm(WebForm):
    kind = forms.ChoiceField(label="建议类型", choices=Recommendation.Kind.choices)
    source = forms.ChoiceField(label="问题来源", choices=Recommendation.Source.choices)
    target_department = forms.ModelChoiceField(label="主送部门", queryset=Department.objects.all(),
                                               empty_label="请选择")  # fmt: skip
    title = forms.CharField(label="标题", max_length=200)
    copy_to = forms.CharField(label="抄送", max_length=200, required=False)
    source_detail = forms.CharField(label="来源说明", max_length=200, required=False)
    problems = forms.CharField(label="存在的问题", widget=forms.Textarea(attrs={"rows": 4}))
    causes = forms.CharField(label="原因分析", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(label="建议措施", widget=forms.Textarea(attrs={"rows": 4}))
    reply_due_date = forms.DateField(label="回复期限", required=False, widget=DateInput(),
                                     help_text="不填写则制发时按规则计算")  # fmt: skip


class IssueForm(WebForm):
    service_field_map = {"reply_due_date": "issued_on"}  # a set 回复期限 must fall after the 制发日期

    issued_on = step_date_field("制发日期")


class ReplyForm(WebForm):
    service_field_map = {"files": "attachments"}

    reply_text = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 4}))
    replied_on = step_date_field("回复日期")
    attachments = MultipleFileField(label="附件", required=False)


class CloseForm(WebForm):
    note = forms.CharField(label="办结意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = step_date_field("办结日期")
