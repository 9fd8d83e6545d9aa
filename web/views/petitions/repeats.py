"""确认重复 / 不是重复 from the petition page's 疑似重复件 card (POST only, CSRF as every form)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from petitions import selectors
from petitions.repeats import selectors as repeat_selectors
from petitions.repeats import services
from web.nav import STAFF
from web.permissions import require_roles


def repeats_context(user, petition):
    """The card's content: pending suggestions this user may read, and the old fingerprint links
    (``suspected_repeats``) not already among them — one place for both."""
    suggestions = repeat_selectors.suggestion_list(user=user, petition=petition)
    shown = {s.original_id for s in suggestions}
    linked = [r for r in selectors.suspected_repeats(user=user, petition=petition) if r["id"] not in shown]
    return {"repeat_suggestions": suggestions, "suspected_repeats": linked}


@require_POST
@require_roles(STAFF)
def petition_repeat_decide(request, pk, suggestion_pk):
    petition = selectors.petition_get(user=request.user, pk=pk)
    confirm = request.POST.get("action") == "confirm"
    version = request.POST.get("version")
    try:
        if confirm:
            services.repeat_confirm(
                user=request.user,
                petition=petition,
                suggestion=suggestion_pk,
                version=int(version) if version and version.isdigit() else None,
            )
            messages.success(request, "已确认为重复件")
        else:
            services.repeat_dismiss(user=request.user, petition=petition, suggestion=suggestion_pk)
            messages.success(request, "已标记为不是重复")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("web:petition-detail", pk=petition.pk)
