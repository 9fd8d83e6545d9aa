"""Forms of the 信访 pages. The reporter's details are validated by ``petitions.identity_input``
(the rules the API applies too) and handed to the service, which encrypts them."""

from django import forms
from django.utils import timezone

from core.errors import ApplicationError
from organization.models import Department, Person
from petitions.identity_input import MAX_LENGTHS, clean_detail, informant_from
from petitions.models import Category, Channel, ContactMethod, Kind, RestrictedReason
from petitions.services.correction import KIND_STATES as KIND_CORRECTABLE
from web.forms import DecisionForm, WebForm, add_version_field
from web.forms.backfill import step_at_field
from web.forms.backfill import step_date_field as step_day_field


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


INFORMANT_FIELDS = {"name": "informant_name", "phone": "informant_phone", "id_number": "informant_id_number",
                    "address": "informant_address"}  # fmt: skip


class IntakeForm(WebForm):
    """登记: the few fields a receiving officer fills while on the phone, in the order asked."""

    service_field_map = {"informant": "informant_name"}

    received_at = forms.DateTimeField(label="收到时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices, initial=Channel.PHONE)
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.COMPLAINT)
    ticket_no = forms.CharField(
        label="工单编号", max_length=64, required=False, help_text="12345热线转来的，填写工单编号（以后导入时据此识别）"
    )
    category = forms.ModelChoiceField(
        label="问题类别", queryset=Category.objects.filter(is_active=True), required=False, empty_label="请选择"
    )
    summary = forms.CharField(
        label="内容摘要", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(label="反映内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    subject_department = forms.ModelChoiceField(
        label="被反映单位", queryset=Department.objects.all(), required=False, empty_label="（无）"
    )
    subject_person = forms.ModelChoiceField(
        label="被反映人", queryset=Person.objects.all(), required=False, empty_label="（无）"
    )
    is_named = forms.BooleanField(label="实名反映", required=False)
    informant_name = forms.CharField(label="信访人姓名", max_length=MAX_LENGTHS["name"], required=False)
    informant_phone = forms.CharField(label="联系电话", max_length=MAX_LENGTHS["phone"], required=False)
    informant_id_number = forms.CharField(label="证件号码", max_length=MAX_LENGTHS["id_number"], required=False)
    informant_address = forms.CharField(label="住址", max_length=MAX_LENGTHS["address"], required=False)
    issue_query_code = forms.BooleanField(
        label="发放查询码",
        required=False,
        help_text="填写了联系电话或住址的可发放；登记后打印登记回执（受理后为受理告知书）交信访人，凭码查询办理阶段和期限",
    )
    is_repeat = forms.BooleanField(label="重复件", required=False)
    outside_remit = forms.BooleanField(
        label="不属本机关受理范围（应提出异议）",
        required=False,
        help_text="上级转办、12345热线转送交办的信访事项不属本单位职权范围的，5个工作日内提出异议（信访工作条例第二十三条）",
    )
    restricted_reason = forms.ChoiceField(
        label="上级管辖",
        choices=[("", "（否）"), *RestrictedReason.choices],
        required=False,
        help_text="属上级管辖的检举控告只登记收到和报送的事实，不录入内容、举报人和类别",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        self.informant = None

    def clean(self):
        data = super().clean()
        given = {key: (data.get(field) or "").strip() for key, field in INFORMANT_FIELDS.items()}
        if any(given.values()):
            cleaned, failed = {}, False
            for key, value in given.items():
                try:
                    cleaned[key] = clean_detail(key, value)
                except ApplicationError as exc:
                    self.add_error(INFORMANT_FIELDS[key], exc.message)
                    failed = True
            if not failed:
                self.informant = informant_from(cleaned)
        return data

    def service_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("informant_")}
        data["restricted_reason"] = data.get("restricted_reason") or ""
        return data


class StepForm(WebForm):
    """A step with nothing to fill but when it happened (受理、直接办理)."""

    at = step_at_field()


class RejectForm(WebForm):
    reason = forms.CharField(label="不予受理理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    at = step_at_field()


class EscalateForm(WebForm):
    reason = forms.ChoiceField(label="报送上级原因", choices=[("", "（按登记时的原因）"), *RestrictedReason.choices],
                               required=False)  # fmt: skip
    at = step_at_field()


class TransferForm(WebForm):
    department = forms.ModelChoiceField(label="转办部门", queryset=Department.objects.all(), empty_label="请选择")
    summary = forms.CharField(
        label="转办摘要",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="责任部门只看到这段文字：不要写入信访人/举报人信息",
    )
    at = step_at_field()


class ConcludeForm(WebForm):
    result = forms.CharField(label="办理结果", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    concluded_on = step_day_field("办结日期")


class ContactForm(WebForm):
    service_field_map = {"is_named": "method", "is_repeat": "method", "notified_on": "method"}

    method = forms.ChoiceField(label="方式", choices=ContactMethod.choices)
    on = step_day_field("日期")


class FeedbackForm(ContactForm):
    note = forms.CharField(label="反馈情况", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(WebForm):
    reply = forms.CharField(label="办理情况", max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    at = step_at_field()


class ReasonForm(WebForm):
    service_field_map = {"petition": "reason"}

    reason = forms.CharField(label="申请理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(WebForm):
    """延期 of the 办结 period; the limit and the once-only rule are the service's (the page
    names the limit from the rule in ``days``' help text)."""

    days = forms.IntegerField(label="延长日数", min_value=1)
    reason = forms.CharField(label="延期理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    at = step_at_field()


class ExtensionDecisionForm(DecisionForm):
    """批准或不予批准延期, with when it was decided (补录)."""

    at = step_at_field()


REVIEW_STAGES = [("review", "复查"), ("recheck", "复核")]


class _DatedForm(WebForm):
    """A step with a date that defaults to today (the service also reads an empty date as today)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class ObjectionForm(_DatedForm):
    """提出异议 on a 转送、交办 item outside the unit's remit (信访工作条例 第二十三条)."""

    reason = forms.CharField(label="异议理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    on = step_day_field("提出异议日期")


class ReviewRequestForm(_DatedForm):
    """收到复查（复核）请求 (信访工作条例 第三十五、三十六条)."""

    stage = forms.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    on = step_day_field("收到请求日期")


class ReviewAnswerForm(_DatedForm):
    """复查（复核）意见."""

    stage = forms.ChoiceField(label="阶段", choices=REVIEW_STAGES)
    opinion = forms.CharField(label="意见", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    on = step_day_field("意见日期")


class AttachmentForm(WebForm):
    file = forms.FileField(label="文件", help_text="每次上传一个文件；类型和大小按系统设置检查")


class CorrectionForm(WebForm):
    """更正: the petition's facts as registered, prefilled; what differs is corrected, with a reason.

    The service (``petition_correct``) decides which facts may still change in the current state;
    the form offers the ones any open petition may have corrected, and 类别 while it may."""

    received_at = forms.DateTimeField(label="收到时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    category = forms.ModelChoiceField(
        label="问题类别", queryset=Category.objects.filter(is_active=True), required=False, empty_label="请选择"
    )
    summary = forms.CharField(label="内容摘要", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="反映内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    subject_department = forms.ModelChoiceField(
        label="被反映单位", queryset=Department.objects.all(), required=False, empty_label="（无）"
    )
    subject_person = forms.ModelChoiceField(
        label="被反映人", queryset=Person.objects.all(), required=False, empty_label="（无）"
    )
    reason = forms.CharField(
        label="更正理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}), help_text="记入办理记录和修改历史"
    )

    FACTS = ("received_at", "channel", "kind", "category", "summary", "content", "subject_department",
             "subject_person")  # fmt: skip

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        if petition is not None:
            add_version_field(self, petition)
            for name in self.FACTS:
                self.initial.setdefault(name, getattr(petition, name))
            self.initial["received_at"] = timezone.localtime(petition.received_at).replace(second=0, microsecond=0)
            if petition.status not in KIND_CORRECTABLE:
                self.fields["kind"].disabled = True
                self.fields["kind"].help_text = "已转办或开始办理，类别不能再更正"

    def changes(self):
        """Only what the user changed: an untouched time keeps its seconds, a disabled kind stays out."""
        data = self.cleaned_data
        return {name: data[name] for name in self.FACTS if name in self.changed_data and name in data}


class ToClueForm(WebForm):
    """转为问题线索: the clue takes the petition's facts; the 被反映人 is asked for only if it names none."""

    subject_person = forms.ModelChoiceField(
        label="被反映人", queryset=Person.objects.all(), required=False, empty_label="（按信访件登记）",
        help_text="信访件未登记被反映人时必须选择",
    )  # fmt: skip
    at = step_at_field()
