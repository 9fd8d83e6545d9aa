from django.contrib import admin

from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin
from organization.models import Department, Membership, Person, UnitProfile


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["department"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "kind", "parent", "head", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["parent", "head"]
    autocomplete_fields = ["parent", "head"]
    list_editable = ["order"]


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "title", "user", "is_leader", "is_active"]
    list_filter = ["is_leader", "is_active", "departments"]
    search_fields = ["name", "title", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]


@admin.register(UnitProfile)
class UnitProfileAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "party_group_name", "superior_body", "principal_leader"]
    autocomplete_fields = ["principal_leader"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not UnitProfile.objects.exists()
