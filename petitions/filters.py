"""List filters, shared by the API and the pages. Office users get only the filters that touch
the 转办件 itself: a search over content or the reporter would be an oracle into what they must
not read."""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import BooleanFilter, IdFilter, LocalDayFilter
from deadlines.light import Light
from organization.models import Department
from petitions.lights import LightContext
from petitions.models import (
    Category,
    Channel,
    IdentityAccessRequest,
    IdentityViewLog,
    Kind,
    Petition,
    PetitionExtension,
    Satisfaction,
    Status,
)
from petitions.open import PENDING_Q
from petitions.permissions import sees_office_projection
from petitions.statistics.figures import LATE_Q, ON_TIME_Q, TIMED_Q

OFFICE_FILTERS = {"text", "light", "overdue", "transferred_after", "transferred_before", "office_status", "archived"}
# What ``?ordering=`` may name on the petition list (and so its export), and the order without it.
PETITION_ORDERING = ["received_at", "next_due", "year", "seq", "id", "status", "kind", "concluded_on"]
DEFAULT_ORDERING = ["-received_at", "-id"]


class PetitionFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label="类别")
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label="渠道")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label="状态")
    category = django_filters.ModelMultipleChoiceFilter(queryset=Category.objects.all(), label="问题类别")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), method="filter_department", label="部门（被反映单位或转办部门）"
    )
    subject_person = IdFilter(field_name="subject_person_id", label="被反映人")
    is_named = BooleanFilter(label="实名")
    is_repeat = BooleanFilter(label="重复件")
    is_restricted = BooleanFilter(label="上级管辖件")
    informant_code = django_filters.CharFilter(field_name="informant__code", label="举报人代号")
    # 12345 work orders (petitions.hotline): not offered to offices (OFFICE_FILTERS).
    ticket_no = django_filters.CharFilter(field_name="ticket_no", label="工单编号")
    ticket_no_contains = django_filters.CharFilter(
        field_name="ticket_no", lookup_expr="icontains", label="工单编号包含"
    )
    satisfaction = django_filters.MultipleChoiceFilter(choices=Satisfaction.choices, label="满意度")
    has_ticket = BooleanFilter(field_name="ticket_no", method="filter_has_ticket", label="有无工单")
    received_after = LocalDayFilter(field_name="received_at", lookup_expr="gte", label="收到日期起")
    received_before = LocalDayFilter(field_name="received_at", lookup_expr="lte", label="收到日期止")
    concluded_after = django_filters.DateFilter(field_name="concluded_on", lookup_expr="gte", label="办结日期起")
    concluded_before = django_filters.DateFilter(field_name="concluded_on", lookup_expr="lte", label="办结日期止")
    due_after = django_filters.DateFilter(field_name="next_due", lookup_expr="gte", label="最近期限起")
    due_before = django_filters.DateFilter(field_name="next_due", lookup_expr="lte", label="最近期限止")
    transferred_after = LocalDayFilter(field_name="transferred_at", lookup_expr="gte", label="转办日期起")
    transferred_before = LocalDayFilter(field_name="transferred_at", lookup_expr="lte", label="转办日期止")
    overdue = BooleanFilter(method="filter_overdue", label="已逾期")
    light = django_filters.ChoiceFilter(choices=Light.choices, method="filter_light", label="亮灯")
    office_status = django_filters.ChoiceFilter(
        choices=[("pending", "待办理"), ("replied", "已反馈")], method="filter_office_status", label="转办件状态"
    )
    text = django_filters.CharFilter(method="filter_text", label="关键词（编号、摘要、内容）")
    # The 工作台's boxes: 待办 (owing a due date, not archived) and not archived.
    pending = BooleanFilter(method="filter_pending", label="待办（尚有期限未届满办理）")
    archived = BooleanFilter(field_name="archived_at", lookup_expr="isnull", exclude=True, label="已归档")

    # -- 信访统计's drill-downs (petitions.statistics): each table cell's petitions, exactly ------
    subject_department = IdFilter(field_name="subject_department_id", label="被反映单位")
    transfer_department = IdFilter(field_name="transfer_department_id", label="转办部门")
    missing = django_filters.ChoiceFilter(
        choices=[("category", "未填问题类别"), ("subject_department", "未填被反映单位")],
        method="filter_missing",
        label="未填项",
    )
    satisfaction_grade = django_filters.MultipleChoiceFilter(
        field_name="satisfaction", choices=Satisfaction.choices, label="满意度（可多选）"
    )
    conclusion = django_filters.ChoiceFilter(
        choices=[("timed", "已办结且有办结期限"), ("on_time", "按期办结"), ("late", "超期办结")],
        method="filter_conclusion",
        label="办结情况",
    )
    # -- end of 信访统计's drill-downs --------------------------------------------------------------

    class Meta:
        model = Petition
        fields = []

    transfer_view = False  # True on the 转办件 endpoint: lights and overdue follow the reply date

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Whose filters these are: the request's user, or ``user`` where there is no request (a worker).
        self.user = user if user is not None else getattr(request, "user", None)

    @property
    def _office(self):
        return self.user is not None and sees_office_projection(self.user)

    @property
    def _transfer_projection(self):
        return self.transfer_view or self._office

    def applies(self, name) -> bool:
        """Whether filter ``name`` takes effect for this user (offices get only OFFICE_FILTERS)."""
        return not self._office or name in OFFICE_FILTERS

    def filter_queryset(self, queryset):
        office = self._office
        for name, value in self.form.cleaned_data.items():
            if office and name not in OFFICE_FILTERS:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _lights(self):
        if not hasattr(self, "_light_ctx"):
            self._light_ctx = LightContext()
        return self._light_ctx

    @extend_schema_field(OpenApiTypes.INT)
    def filter_department(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(Q(subject_department=value) | Q(transfer_department=value))

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = self._lights().today
        if self._transfer_projection:
            overdue = Q(status=Status.TRANSFERRED, transfer_due__lt=today)
        else:
            overdue = Q(next_due__lt=today)
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_light(self, qs, name, value):
        if not value:
            return qs
        lights = self._lights()
        return qs.filter(lights.transfer_q(value) if self._transfer_projection else lights.q(value))

    def filter_has_ticket(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(ticket_no="") if value else qs.filter(ticket_no="")

    def filter_pending(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(PENDING_Q) if value else qs.exclude(PENDING_Q)

    def filter_office_status(self, qs, name, value):
        if not value:
            return qs
        pending = Q(status=Status.TRANSFERRED)
        return (
            qs.filter(pending) if value == "pending" else qs.filter(transfer_department__isnull=False).exclude(pending)
        )

    def filter_missing(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(**{f"{value}__isnull": True})

    def filter_conclusion(self, qs, name, value):
        if not value:
            return qs
        return qs.filter({"timed": TIMED_Q, "on_time": ON_TIME_Q, "late": LATE_Q}[value])

    def filter_text(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        if self._transfer_projection:
            return qs.filter(Q(number__icontains=value) | Q(transfer_summary__icontains=value))
        return qs.filter(Q(number__icontains=value) | Q(summary__icontains=value) | Q(content__icontains=value))


class TransferFilter(PetitionFilter):
    transfer_view = True


class _ByPetition(django_filters.FilterSet):
    # A number, not a model choice: an existing-but-invisible petition must answer like a missing one.
    petition = IdFilter(field_name="petition_id", label="信访件")


class ExtensionFilter(_ByPetition):
    status = django_filters.ChoiceFilter(choices=PetitionExtension.Status.choices, label="状态")

    class Meta:
        model = PetitionExtension
        fields = []


class AccessRequestFilter(_ByPetition):
    status = django_filters.ChoiceFilter(choices=IdentityAccessRequest.Status.choices, label="状态")

    class Meta:
        model = IdentityAccessRequest
        fields = []


class IdentityViewFilter(_ByPetition):
    basis = django_filters.ChoiceFilter(choices=IdentityViewLog.Basis.choices, label="依据")

    class Meta:
        model = IdentityViewLog
        fields = []
