from django.contrib import admin

from core import (
    admin_accounts,  # noqa: F401  (user, role and token pages under 三员分立)
    separation,
)
from core.admin_mixins import ReadOnlyAdminMixin, refusal_as_form_error
from core.grants import has_grant
from core.models import AccessGrant, AuditLog

admin.site.site_header = "巡察整改与信访督办系统 · 管理后台"
admin.site.site_title = "巡察整改与信访督办系统"
admin.site.index_title = "系统配置"


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and only for the 审计员 grant — not for superusers as such (三员分立)."""

    list_display = ["at", "event", "username", "ip_address", "target"]
    list_filter = ["event"]
    search_fields = ["username", "target"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return has_grant(request.user, AccessGrant.Kind.AUDITOR)

    def has_view_permission(self, request, obj=None):
        return has_grant(request.user, AccessGrant.Kind.AUDITOR)


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Grants are managed by the 安全管理员 grant holder, not by the system administrator."""

    list_display = ["user", "kind", "granted_by", "granted_at", "expires_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
    list_select_related = ["user", "granted_by"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # A grant's holder and kind are fixed once given: revoke and grant anew instead.
        return ["granted_by", "granted_at"] + (["user", "kind"] if obj is not None else [])

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(base):
            def clean(self):
                cleaned = super().clean()
                user = cleaned.get("user") or getattr(obj, "user", None)
                kind = cleaned.get("kind") or getattr(obj, "kind", None)
                if user is not None and kind:
                    with refusal_as_form_error():
                        separation.check_grant(request.user, user=user, kind=kind)
                return cleaned

        return Form

    def _is_security_admin(self, request):
        return has_grant(request.user, AccessGrant.Kind.SECURITY_ADMIN)

    def has_module_permission(self, request):
        return self._is_security_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_security_admin(request)

    def has_add_permission(self, request):
        return self._is_security_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_security_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
