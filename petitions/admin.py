"""Only configuration is in the Django admin: problem categories.

Petitions, reporters, identity requests and view logs are never registered here — a
system administrator never reads petition content or identities (DOMAIN.md §7).
Category editing is tied to the 系统管理员 role itself, not to model permissions.
"""

from django.contrib import admin

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin
from core.scoping import actor_for
from organization.roles import Role
from petitions.models import Category


@admin.register(Category)
class CategoryAdmin(NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "order", "is_service", "is_active"]
    list_editable = ["order", "is_service", "is_active"]
    list_filter = ["is_service", "is_active"]
    search_fields = ["name"]

    def _is_admin(self, request):
        return actor_for(request.user).has_role(Role.ADMIN)

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)
