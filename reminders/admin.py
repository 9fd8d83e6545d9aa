from django.contrib import admin, messages
from django.utils import timezone

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from reminders.models import DeliverySettings, OutboxMessage, Reminder, ReminderStep, ScanRun


@admin.register(ReminderStep)
class ReminderStepAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    """The ladder's recipients. When each stage starts is the 预警与提醒设置 (deadlines app)."""

    list_display = [
        "stage",
        "is_active",
        "to_responsible_person",
        "to_responsible_leader",
        "to_department_head",
        "to_supervisor",
        "to_principal_leader",
        "use_channels",
    ]
    list_editable = list_display[1:]
    readonly_fields = ["stage"]

    def has_add_permission(self, request):
        return False  # the five stages are fixed; switch one off with 启用


@admin.register(DeliverySettings)
class DeliverySettingsAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["__str__", "mail_start", "mail_end"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DeliverySettings.objects.exists()


class _ReadOnlyAdmin(ScopedAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "source", "stage", "number", "due_date", "recipient", "subject"]
    list_filter = ["stage", "source", "scan_date"]
    list_select_related = ["recipient"]
    search_fields = ["subject"]
    date_hierarchy = "scan_date"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_ReadOnlyAdmin):
    list_display = ["digest_date", "channel", "recipient", "status", "attempts", "not_before", "sent_at", "last_error"]
    list_filter = ["status", "channel", "digest_date"]
    list_select_related = ["recipient"]
    actions = ["retry"]

    @admin.action(description="重新发送所选的失败消息")
    def retry(self, request, queryset):
        count = queryset.filter(status=OutboxMessage.Status.FAILED).update(
            status=OutboxMessage.Status.PENDING, attempts=0, not_before=timezone.now()
        )
        self.message_user(request, f"已将 {count} 条消息重新放入待发队列", messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        # the retry action needs change permission on the list; the form stays read-only
        return obj is None and request.user.has_perm("reminders.change_outboxmessage")


@admin.register(ScanRun)
class ScanRunAdmin(_ReadOnlyAdmin):
    list_display = ["for_date", "trigger", "created", "finished_at"]
    list_filter = ["trigger"]
