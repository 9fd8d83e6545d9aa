"""Forms of the 巡察整改 pages. Typing is checked here; the rules are the services'."""

from django import forms

from web.forms import DateInput, MultipleFileField, WebForm


class ProgressForm(WebForm):
    service_field_map = {"files": "evidence"}

    date = forms.DateField(label="进展日期", required=False, widget=DateInput(), help_text="不填写即为今天")
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label="佐证材料", required=False, help_text="可一次选择多个文件")


class NoteForm(WebForm):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignOffForm(WebForm):
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    long_term = forms.BooleanField(label="认定为长期坚持（已建立长效机制）", required=False)


class ReturnForm(WebForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(WebForm):
    requested_date = forms.DateField(label="申请延至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(WebForm):
    note = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LedgerImportForm(WebForm):
    file = forms.FileField(label="台账文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}))
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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError("请上传 Excel .xlsx 文件")
        return upload
