"""Admin building blocks: scoped querysets, no deletes of cases, history views."""

from simple_history.admin import SimpleHistoryAdmin

from core.scoping import apply_visibility


class ScopedAdminMixin:
    """The admin's lists start from the model's visibility function like every other read."""

    def get_queryset(self, request):
        return apply_visibility(super().get_queryset(request), user=request.user)


class NoDeleteAdminMixin:
    """Cases are archived, never deleted, through the admin too."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin without revert: history is a record, not an undo button."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
