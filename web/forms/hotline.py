"""The 12345 pages' forms: the upload, a source with its header variants and value words."""

from django import forms

from core.files import size_error
from petitions.hotline import fields as F
from petitions.models import HotlineSource


class HotlineUploadForm(forms.Form):
    source = forms.ModelChoiceField(label="工单来源", queryset=HotlineSource.objects.none(), empty_label=None)
    file = forms.FileField(
        label="工单导出文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text="12345系统导出的工单明细；CSV 可为 UTF-8 或 GBK 编码",
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 格式的工单文件")
        too_large = size_error(upload)
        if too_large:
            raise forms.ValidationError(f"文件{too_large}")
        return upload


def _lines(mapping: dict) -> str:
    return "\n".join(f"{word}={value}" for word, value in mapping.items())


def _parse_lines(text: str, field_label: str) -> dict:
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        word, sep, value = line.partition("=")
        if not sep or not word.strip() or not value.strip():
            raise forms.ValidationError(f"{field_label}第{number}行应写作“导出文件中的词=系统取值”")
        found[word.strip()] = value.strip()
    return found


class HotlineSourceForm(forms.ModelForm):
    """Header variants: one line per field (comma-separated); value words: 词=取值 per line."""

    class Meta:
        model = HotlineSource
        fields = ["name", "folder", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        headers = self.instance.header_map or {}
        values = self.instance.value_map or {}
        for name, (label, builtin) in F.FIELDS.items():
            self.fields[f"h_{name}"] = forms.CharField(
                label=f"“{label}”列的列名",
                required=False,
                initial="，".join(headers.get(name) or []),
                help_text=f"多个用逗号分隔；已内置：{'、'.join(builtin)}",
            )
        for name in F.MAPPED:
            self.fields[f"v_{name}"] = forms.CharField(
                label=f"{F.label(name)}取值对应",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=_lines(values.get(name) or {}),
                help_text=(
                    "每行一个：导出文件中的词=系统取值（问题类别名称；满意度 satisfied/basic/unsatisfied/"
                    "unreached；被投诉对象 department:编号、person:编号，或 - 表示不对应）"
                ),
            )

    def clean(self):
        data = super().clean()
        header_map = {}
        for name in F.FIELDS:
            raw = (data.get(f"h_{name}") or "").replace("，", ",").replace("、", ",")
            variants = [v.strip() for v in raw.split(",") if v.strip()]
            if variants:
                header_map[name] = variants
        value_map = {}
        for name in F.MAPPED:
            try:
                words = _parse_lines(data.get(f"v_{name}") or "", f"{F.label(name)}取值对应")
            except forms.ValidationError as exc:
                self.add_error(f"v_{name}", exc)
                continue
            if words:
                value_map[name] = words
        self.instance.header_map, self.instance.value_map = header_map, value_map
        return data
