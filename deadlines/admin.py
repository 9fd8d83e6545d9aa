from django.contrib import admin

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from deadlines.models import CalendarDay, CalendarYear, DeadlinePolicy, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "code", "event", "amount", "unit", "max_extension", "legal_basis", "is_active"]
    list_filter = ["unit", "event", "is_active"]
    search_fields = ["name", "code", "legal_basis"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5


@admin.register(CalendarYear)
class CalendarYearAdmin(ScopedAdminMixin, HistoryAdmin):
    list_display = ["year", "source"]
    inlines = [CalendarDayInline]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = [
        "__str__",
        "notice_days",
        "warning_days",
        "short_notice_workdays",
        "short_warning_workdays",
        "overdue_repeat_days",
        "escalate_after_days",
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DeadlinePolicy.objects.exists()
