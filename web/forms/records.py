"""Quick entry of 工作记录 (meetings, talks, publications …) and 廉政风险点 — the reports app's records."""

from django import forms
from django.utils import timezone

from organization.models import Department
from reports.models import ActivityKind, RiskCategory
from web.forms import DateInput, WebForm


class ActivityForm(WebForm):
    kind = forms.ModelChoiceField(label="类型", queryset=ActivityKind.objects.none(), empty_label="请选择")
    date = forms.DateField(label="日期", widget=DateInput())
    title = forms.CharField(label="标题/事由", max_length=200)
    quantity = forms.IntegerField(
        label="数量", required=False, min_value=1, help_text="次数、篇数、块数或人次；谈话不填时按所选人员计人次"
    )
    persons = forms.ModelMultipleChoiceField(
        label="谈话对象/参加人员",
        queryset=None,
        required=False,
        # a searchable multi-select (static/js/typeahead.js); without script, a list to Ctrl-click in
        widget=forms.SelectMultiple(
            attrs={"size": 6, "data-typeahead": "", "data-placeholder": "输入姓名搜索，可选多人"}
        ),
        help_text="输入姓名搜索，可选多人",
    )
    is_seminar = forms.BooleanField(label="专题研讨", required=False)
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.all(), required=False, empty_label="（无）"
    )
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, kinds=None, **kwargs):
        """``people``: those the user may name (from the visibility selector)."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds if kinds is not None else ActivityKind.objects.filter(is_active=True)
        self.fields["persons"].queryset = people
        self.initial.setdefault("date", timezone.localdate())

    def service_data(self):
        data = dict(self.cleaned_data)
        if not data.get("quantity"):
            data.pop("quantity")
        return data


class RiskPointForm(WebForm):
    date = forms.DateField(label="排查日期", widget=DateInput())
    category = forms.ModelChoiceField(label="工作类别", queryset=RiskCategory.objects.filter(is_active=True),
                                      empty_label="请选择")  # fmt: skip
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.all(), required=False, empty_label="（无）"
    )
    title = forms.CharField(label="风险点", max_length=200)
    shortcoming_count = forms.IntegerField(label="制度措施短板（条）", min_value=0, initial=0)
    shortcomings = forms.CharField(label="短板情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    suggestion_count = forms.IntegerField(label="意见建议（条）", min_value=0, initial=0)
    suggestions = forms.CharField(label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
