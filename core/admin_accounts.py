"""The admin's account pages under 三员分立: users, roles (groups), no API-token page.

The system administrator creates and deactivates accounts and resets passwords here;
role membership is editable only by a 安全管理员 (never on their own account);
superuser status and raw permissions are never editable in the admin. The forms give a
readable refusal; the hooks in ``core.signals`` refuse the same changes whatever the form.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from core import separation
from core.admin_mixins import NoDeleteAdminMixin, ReadOnlyAdminMixin

User = get_user_model()

for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

try:  # knox registers a page listing token digests and adding tokens for anyone
    from knox.models import AuthToken

    if admin.site.is_registered(AuthToken):
        admin.site.unregister(AuthToken)
except ImportError:  # pragma: no cover - knox is a pinned dependency
    pass


class SecurityAdminAccessMixin:
    """The 安全管理员 holds no model permission, yet must reach accounts and people to assign roles."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) or separation.is_security_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or separation.is_security_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or separation.is_security_admin(request.user)


def _user_form(base, request, target):
    class Form(base):
        def clean(self):
            cleaned = super().clean()
            groups = cleaned.get("groups")
            if groups is None or "groups" not in self.fields:
                return cleaned
            before = set(target.groups.values_list("name", flat=True)) if target is not None else set()
            after = {g.name for g in groups}
            try:
                if after - before:
                    separation.check_groups_added(request.user, target, after - before)
                if before - after:
                    separation.check_groups_removed(request.user, target, before - after)
            except PermissionDenied as exc:
                self.add_error("groups", str(exc))
            return cleaned

    return Form


@admin.register(User)
class UserAdmin(SecurityAdminAccessMixin, NoDeleteAdminMixin, BaseUserAdmin):
    """Accounts are deactivated, never deleted: a deleted login would cut its Person link."""

    list_display = ["username", "first_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    actions = []
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("状态与角色", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["is_superuser", "user_permissions", "last_login", "date_joined"]
        if obj is None or not separation.is_security_admin(request.user) or separation._same(request.user, obj):
            readonly.append("groups")
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        return _user_form(super().get_form(request, obj, **kwargs), request, obj)


class _GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name"]


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, BaseGroupAdmin):
    """Roles are defined in code (by the app that owns people): readable here, never edited or added."""

    form = _GroupForm
    actions = []
