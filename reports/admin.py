from django.contrib import admin

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from reports.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    AnnualReport,
    ReportNarrative,
    ReportProfile,
    RiskCategory,
    RiskPoint,
)


class _Base(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    pass


@admin.register(ActivityKind)
class ActivityKindAdmin(_Base):
    list_display = ["name", "code", "unit", "counts_persons", "allows_seminar", "is_system", "order", "is_active"]
    list_editable = ["order"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "is_system"] if obj is not None and obj.is_system else ["is_system"]


@admin.register(RiskCategory)
class RiskCategoryAdmin(_Base):
    list_display = ["name", "order", "is_active"]


class AttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    fields = ["name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(_Base):
    list_display = ["date", "kind", "title", "quantity", "is_seminar", "department", "archived_at"]
    list_filter = ["kind", "is_seminar"]
    date_hierarchy = "date"
    search_fields = ["title"]
    list_select_related = ["kind", "department"]
    autocomplete_fields = []
    filter_horizontal = ["persons"]
    readonly_fields = ["created_by", "created_at", "updated_at", "archived_at"]
    inlines = [AttachmentInline]


@admin.register(RiskPoint)
class RiskPointAdmin(_Base):
    list_display = ["date", "category", "title", "shortcoming_count", "suggestion_count", "department", "archived_at"]
    list_filter = ["category"]
    date_hierarchy = "date"
    list_select_related = ["category", "department"]
    readonly_fields = ["created_by", "created_at", "updated_at", "archived_at"]


@admin.register(ReportProfile)
class ReportProfileAdmin(_Base):
    list_display = ["__str__", "line_of_work", "campaign_name", "column_name", "system_name"]


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(_Base):
    list_display = ["year", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(AnnualReport)
class AnnualReportAdmin(_Base):
    """Reports are generated and published through the services only; the admin reads them."""

    list_display = ["year", "version", "status", "report_date", "generated_by", "generated_at"]
    list_filter = ["status", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
