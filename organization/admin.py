from django.contrib import admin

from core import separation
from core.admin_accounts import SecurityAdminAccessMixin
from core.admin_mixins import HistoryAdmin, NoDeleteAdminMixin, ScopedAdminMixin, refusal_as_form_error
from organization.models import Department, DepartmentAlias, Membership, Person, PersonAlias, UnitProfile


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
class PersonAdmin(SecurityAdminAccessMixin, ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "title", "user", "is_leader", "is_active"]
    list_filter = ["is_leader", "is_active", "departments"]
    search_fields = ["name", "title", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        if separation.is_security_admin(request.user):  # links every login to its person
            return Person.objects.all()
        return super().get_queryset(request)

    def get_readonly_fields(self, request, obj=None):
        # The Person ↔ login link carries 回避 and the content roles: a security-admin act.
        if separation.is_security_admin(request.user):
            return []
        return ["user"]

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(base):
            def clean_user(self):
                new = self.cleaned_data.get("user")
                old = obj.user if obj is not None and obj.user_id else None
                if new != old:
                    with refusal_as_form_error():
                        separation.check_person_link(request.user, old_user=old, new_user=new)
                return new

        return Form


@admin.register(UnitProfile)
class UnitProfileAdmin(ScopedAdminMixin, NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["name", "party_group_name", "superior_body", "principal_leader"]
    autocomplete_fields = ["principal_leader"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not UnitProfile.objects.exists()


@admin.register(DepartmentAlias)
class DepartmentAliasAdmin(ScopedAdminMixin, HistoryAdmin):
    """Edited by whoever may edit departments (the organization app's permissions, 系统管理员)."""

    list_display = ["alias", "department"]
    search_fields = ["alias", "department__name"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]


@admin.register(PersonAlias)
class PersonAliasAdmin(ScopedAdminMixin, HistoryAdmin):
    list_display = ["alias", "person"]
    search_fields = ["alias", "person__name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
