from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from deadlines.calendar_entry import compare, save_notice
from deadlines.models import CalendarDay, CalendarYear, DeadlinePolicy, DeadlineRule
from deadlines.notice import NoticeError, parse_notice


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


class NoticeForm(forms.Form):
    text = forms.CharField(
        label="通知全文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text="从中国政府网复制《国务院办公厅关于××××年部分节假日安排的通知》全文（含标题）粘贴到这里。",
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(ScopedAdminMixin, HistoryAdmin):
    list_display = ["year", "source"]
    inlines = [CalendarDayInline]
    change_list_template = "admin/deadlines/calendaryear/change_list.html"

    def get_urls(self):
        notice = path(
            "notice/",
            self.admin_site.admin_view(self.notice_view),
            name="deadlines_calendaryear_notice",
        )
        return [notice, *super().get_urls()]

    def may_enter_notice(self, request):
        # Entering a year adds a CalendarYear or changes one: whoever may do both here.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_enter_notice": self.may_enter_notice(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def notice_view(self, request):
        """Paste the notice → confirmation table (with the difference from what is held) → save."""
        if not self.may_enter_notice(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "按国务院办公厅通知录入节假日安排",
        }
        if request.method == "GET":
            return TemplateResponse(
                request, "admin/deadlines/calendaryear/notice.html", {**context, "form": NoticeForm()}
            )
        form = NoticeForm(request.POST)
        notice = None
        if form.is_valid():
            try:
                notice = parse_notice(form.cleaned_data["text"])
            except NoticeError as exc:
                form.add_error("text", exc.message)
        if notice is None:
            context["form"] = form
            return TemplateResponse(request, "admin/deadlines/calendaryear/notice.html", context, status=400)
        if "confirm" in request.POST:
            result = save_notice(notice)
            parts = [f"新增{result.created}天", f"修改{result.updated}天", f"删除{result.deleted}天"]
            messages.success(
                request, f"{notice.year}年节假日安排已保存（{'，'.join(parts)}），未办结事项的期限将重新计算。"
            )
            if result.skipped:
                listed = "、".join(f"{d:%Y-%m-%d}" for d in result.skipped)
                message = f"以下日期不属于{notice.year}年，且所属年度没有已录入的安排，未保存：{listed}"
                messages.warning(request, message)
            return redirect(reverse("admin:deadlines_calendaryear_change", args=[result.calendar.pk]))
        context.update({"form": form, "comparison": compare(notice), "notice": notice})
        return TemplateResponse(request, "admin/deadlines/calendaryear/notice_confirm.html", context)


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
