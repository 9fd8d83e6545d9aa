"""The 往年信访件导入 upload: an .xlsx 信访台账, its type and size checked as every ledger upload is."""

from django import forms

from web.forms.rectification import LedgerFileForm


class PastImportForm(LedgerFileForm):
    file = forms.FileField(
        label="信访台账文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
        help_text="导出的信访台账格式；可另加处理方式、被处理人、被处理部门、举报人姓名、联系电话等列",
    )
