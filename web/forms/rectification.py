"""Forms of the 巡察整改 pages. Typing is checked here; the rules are the services'."""

from django import forms

from core.files import size_error
from rectification.models import DeadlineKind
from web.forms import DateInput, DecisionForm, MultipleFileField, WebForm
from web.forms.backfill import step_at_field


class ProgressForm(WebForm):
    service_field_map = {"files": "evidence"}

    date = forms.DateField(
        label="进展日期", required=False, widget=DateInput(), help_text="不填写即为今天；补录时填写实际日期"
    )
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label="佐证材料", required=False, help_text="可一次选择多个文件")


class NoteForm(WebForm):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    at = step_at_field()


class SignOffForm(WebForm):
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    long_term = forms.BooleanField(label="认定为长期坚持（已建立长效机制）", required=False)
    at = step_at_field("销号时间")

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        if not measure.is_long_term:  # only a 长期坚持 measure may be so recognised (the service's rule)
            del self.fields["long_term"]


class ReturnForm(WebForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))
    at = step_at_field("退回时间")


class ExtensionDecisionForm(DecisionForm):
    at = step_at_field("审批时间")


class ExtensionRequestForm(WebForm):
    requested_date = forms.DateField(label="申请延至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    at = step_at_field("申请时间")


class LedgerFileForm(WebForm):
    """An uploaded .xlsx ledger, its type and size checked (the import and the 填报表 upload)."""

    file = forms.FileField(label="台账文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError("请上传 Excel .xlsx 文件")
        too_large = size_error(upload)
        if too_large:
            raise forms.ValidationError(f"文件{too_large}")
        return upload


class LedgerImportForm(LedgerFileForm):
    round_name = forms.CharField(
        label="巡察轮次名称",
        max_length=100,
        help_text="如：2021年市委第三巡察组巡察。已有同名轮次（尚无内容）时导入到该轮次，否则新建",
    )
    feedback_date = forms.DateField(
        label="反馈日期",
        required=False,
        widget=DateInput(),
        help_text="巡察反馈意见的日期，用于计算“立行立改”等措施的完成时限",
    )


# -- hand entry of a round's structure (巡察轮次 → 方面 → 问题 → 措施) ---------------------------------
#
# Choices come from the visibility selectors of the user who fills the form; the rules
# (duplicate names, two levels of aspects, which deadline needs a date …) are the services'.


class RoundForm(WebForm):
    name = forms.CharField(label="巡察轮次名称", max_length=100, help_text="如：2021年市委第三巡察组巡察")
    inspection_team = forms.CharField(
        label="巡察组", max_length=100, required=False, help_text="如：市委第三巡察组；不填写则同轮次名称"
    )
    inspected_unit = forms.CharField(label="被巡察单位（党组织）", max_length=200, required=False)
    feedback_date = forms.DateField(
        label="反馈日期", required=False, widget=DateInput(), help_text="据此计算整改情况报告报送期限和立行立改时限"
    )
    rectification_end = forms.DateField(
        label="集中整改期截止日期",
        required=False,
        widget=DateInput(),
        help_text="不填写时按“整改情况报告”期限规则自动计算",
    )
    plan_submitted_on = forms.DateField(label="整改方案报送日期", required=False, widget=DateInput())
    report_submitted_on = forms.DateField(label="整改情况报告报送日期", required=False, widget=DateInput())
    leader_report_submitted_on = forms.DateField(
        label="主要负责人组织落实整改情况报告报送日期", required=False, widget=DateInput()
    )
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AspectForm(WebForm):
    title = forms.CharField(label="名称", max_length=300, help_text="如：一、党的政治建设方面")
    parent = forms.ModelChoiceField(label="上级方面", queryset=None, required=False, empty_label="（无，作为一级方面）")
    order = forms.IntegerField(label="排序", min_value=0, required=False, help_text="不填写则排在最后")

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class AspectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"　{obj.title}" if obj.parent_id else obj.title


def _short(text, length=40):
    return text if len(text) <= length else f"{text[:length]}…"


class ProblemChoiceField(forms.ModelChoiceField):
    """A problem of another round, named with its round."""

    def label_from_instance(self, obj):
        return f"{obj.round.name}：{_short(obj.text)}"


class RoundProblemChoiceField(forms.ModelChoiceField):
    """A problem of the same round, named by its number."""

    def label_from_instance(self, obj):
        return f"问题{obj.order}：{_short(obj.text)}"


class ProblemForm(WebForm):
    aspect = AspectChoiceField(label="方面", queryset=None, required=False, empty_label="（未归类）")
    text = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label="序号", min_value=0, required=False, help_text="不填写则排在最后")
    similar_to = ProblemChoiceField(
        label="往轮类似问题",
        queryset=None,
        required=False,
        empty_label="（无）",
        help_text="举一反三：关联此前巡察轮次中的同类问题",
    )
    is_public = forms.BooleanField(label="可公开", required=False, help_text="勾选后列入整改公开文书（不含人员姓名）")

    def __init__(self, *args, aspects, earlier_problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].queryset = aspects
        self.fields["similar_to"].queryset = earlier_problems


class PersonSelect(forms.Select):
    """A people ``<select>`` for type-ahead (static/js/typeahead.js) whose options carry, in
    ``data-departments``, the departments each person is of (a member or the head), so the page
    can offer only the chosen 牵头部门's people. The rule itself is the service's."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-typeahead": "", "data-placeholder": "输入姓名搜索", **(attrs or {})})
        self.departments_of = lambda person: ()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person = getattr(value, "instance", None)
        if person is not None:
            option["attrs"]["data-departments"] = " ".join(str(pk) for pk in sorted(self.departments_of(person)))
        return option


def departments_of(departments):
    """``person -> {department ids}`` for people fetched with their ``memberships``; the heads are
    read from ``departments`` once, when the first option is drawn (never on a POST)."""
    heads: dict[int, set[int]] = {}
    loaded = False

    def lookup(person):
        nonlocal loaded
        if not loaded:
            for pk, head_id in departments.filter(head__isnull=False).values_list("pk", "head_id"):
                heads.setdefault(head_id, set()).add(pk)
            loaded = True
        return {m.department_id for m in person.memberships.all()} | heads.get(person.pk, set())

    return lookup


PEOPLE_HELP = "只能选择牵头部门的人员（部门成员或部门负责人）；未选牵头部门时可选任何人员"


class MeasureForm(WebForm):
    problem = RoundProblemChoiceField(label="所属问题", queryset=None, help_text="只能在本巡察轮次的问题之间调整")
    content = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    target = forms.CharField(label="完成目标", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=None, required=False, empty_label="（未指定）")
    co_departments = forms.ModelMultipleChoiceField(
        label="配合部门", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible_leader = forms.ModelChoiceField(
        label="责任领导", queryset=None, required=False, empty_label="（未指定）", widget=PersonSelect,
        help_text=PEOPLE_HELP,
    )  # fmt: skip
    responsible_person = forms.ModelChoiceField(
        label="责任人", queryset=None, required=False, empty_label="（未指定）", widget=PersonSelect,
        help_text=PEOPLE_HELP,
    )  # fmt: skip
    deadline_kind = forms.ChoiceField(label="时限类型", choices=DeadlineKind.choices, initial=DeadlineKind.DATE)
    due_date = forms.DateField(
        label="完成时限",
        required=False,
        widget=DateInput(),
        help_text="限期完成时填写；立行立改按期限规则从反馈日期计算，长期坚持没有完成日期，均不填",
    )
    # Only on a measure imported from a ledger: the deadline as the sheet wrote it.
    deadline_text = forms.CharField(
        label="完成时限（台账原文）",
        max_length=100,
        required=False,
        help_text="如“2021年12月底前”；不填写则按时限自动生成",
    )
    remarks = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label="排序", min_value=0, required=False, help_text="不填写则排在最后")

    def __init__(self, *args, problems=None, people, departments, imported=False, **kwargs):
        """``people`` fetched with their ``memberships``; ``imported``: the measure came from a ledger."""
        super().__init__(*args, **kwargs)
        if problems is None:  # a new measure belongs to the problem it was added under
            del self.fields["problem"]
        else:
            self.fields["problem"].queryset = problems
        if not imported:  # a hand-entered deadline has no 台账原文
            del self.fields["deadline_text"]
        lookup = departments_of(departments)
        for name in ("responsible_leader", "responsible_person"):
            self.fields[name].queryset = people
            self.fields[name].widget.departments_of = lookup
            self.fields[name].widget.attrs["data-typeahead-department"] = self["lead_department"].auto_id
        self.fields["lead_department"].queryset = departments
        self.fields["co_departments"].queryset = departments


class FillUploadForm(LedgerFileForm):
    """The 填报表 an office (or the 纪检 office) filled in and sends back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "填报表文件（.xlsx）"
