"""Admin building blocks: scoped querysets, no deletes of cases, history views."""

from contextlib import contextmanager

from django import forms
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from core.scoping import apply_visibility


class ScopedAdminMixin:
    """The admin's lists start from the model's visibility function like every other read.

    Django's own object history (``history_view``) looks the object up through
    ``get_object`` and so through this queryset: out of scope it shows nothing.
    """

    def get_queryset(self, request):
        return apply_visibility(super().get_queryset(request), user=request.user)


@contextmanager
def refusal_as_form_error():
    """Show a 三员分立 refusal (PermissionDenied) as the form's error instead of a 403 page."""
    try:
        yield
    except PermissionDenied as exc:
        raise forms.ValidationError(str(exc)) from None


class ReadOnlyAdminMixin:
    """Readable, never added to, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteAdminMixin:
    """Cases are archived, never deleted, through the admin too."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin without revert: history is a record, not an undo button.

    The history page shows what the change page shows, so it answers only for an object
    the change page's (scoped) queryset holds: simple-history would otherwise fall back to
    the latest historical row and show the text of an object the user may not see.
    """

    def history_view(self, request, object_id, extra_context=None):
        from django.contrib.admin.utils import unquote
        from django.http import Http404

        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
