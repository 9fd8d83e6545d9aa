"""Admin for 巡察整改: scoped like every read, no deletes, history kept.

Workflow state and rule-derived dates are read-only here: they change only through the
services (the pages and the API), which check permissions and record who did what. So are the
fields whose change the services follow with more work — a round's feedback date and 集中整改期
(its report dates and 立行立改 measures are recomputed from them), the round or problem a record
belongs to (a measure never moves to another round) — and rounds, categories, problems and
measures are created only through the services, where their numbering and dates are computed.
"""

from django.contrib import admin

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from rectification.due_dates import ROUND_DUE_FIELDS
from rectification.models import Aspect, InspectionRound, Measure, MeasureCoDepartment, Problem


class _CaseAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    pass


class _CreatedByServicesOnly:
    def has_add_permission(self, request):
        return False


@admin.register(InspectionRound)
class InspectionRoundAdmin(_CreatedByServicesOnly, _CaseAdmin):
    list_display = ["name", "inspection_team", "feedback_date", "rectification_end", "report_due_date", "archived_at"]
    list_filter = ["archived_at"]
    search_fields = ["name", "inspection_team", "inspected_unit"]
    date_hierarchy = "feedback_date"
    readonly_fields = [
        "feedback_date",
        "rectification_end",
        *ROUND_DUE_FIELDS,
        "created_by",
        "created_at",
        "updated_at",
    ]


@admin.register(Aspect)
class AspectAdmin(_CreatedByServicesOnly, _CaseAdmin):
    list_display = ["title", "round", "parent", "order"]
    list_filter = ["round"]
    search_fields = ["title"]
    list_select_related = ["round", "parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["round"]


@admin.register(Problem)
class ProblemAdmin(_CreatedByServicesOnly, _CaseAdmin):
    list_display = ["__str__", "round", "aspect", "order", "similar_to"]
    list_filter = ["round"]
    search_fields = ["text"]
    list_select_related = ["round", "aspect", "similar_to"]
    autocomplete_fields = ["aspect", "similar_to"]
    readonly_fields = ["round"]


class CoDepartmentInline(admin.TabularInline):
    model = MeasureCoDepartment
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(Measure)
class MeasureAdmin(_CreatedByServicesOnly, _CaseAdmin):
    list_display = ["__str__", "lead_department", "responsible_person", "deadline_text", "due_date", "status"]
    list_filter = ["status", "deadline_kind", "problem__round"]
    search_fields = ["content", "target"]
    list_select_related = ["lead_department", "responsible_person"]
    autocomplete_fields = ["responsible_leader", "lead_department", "responsible_person"]
    readonly_fields = [
        "problem",
        "status",
        "deadline_kind",
        "deadline_text",
        "due_date",
        "original_due_date",
        "due_date_warning",
        "due_date_manual",
        "submitted_by",
        "submitted_at",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [CoDepartmentInline]
