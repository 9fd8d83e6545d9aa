"""The optional 发生时间 / 办理日期 of a workflow step (补录): empty means now / today; the
service checks it with ``core.backfill`` and names the field in its refusal."""

from django import forms

from web.forms import DateInput

BACKFILL_HELP = "不填写即为{now}；补录时填写实际{what}"


class StepTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def step_at_field(label="办理时间") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=f"{label}（补录时填写）",
        required=False,
        widget=StepTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=BACKFILL_HELP.format(now="当前时间", what="时间"),
    )


def step_date_field(label="办理日期") -> forms.DateField:
    return forms.DateField(
        label=f"{label}（补录时填写）",
        required=False,
        widget=DateInput(),
        help_text=BACKFILL_HELP.format(now="今天", what="日期"),
    )
