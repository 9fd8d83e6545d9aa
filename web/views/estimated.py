"""期限按估算的事项: the 纪检 staff's list of open items whose due date is an estimate."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from deadlines.watch import missing_text, missing_years
from organization.roles import DISCIPLINE_ROLES
from web import estimated
from web.permissions import require_roles


@require_roles(DISCIPLINE_ROLES)
@require_GET
def estimated_list(request):
    years = missing_years(timezone.localdate())
    return render(
        request,
        "web/estimated_list.html",
        {
            "groups": estimated.estimated_groups(request.user),
            "missing_text": missing_text(years) if years else "",
        },
    )
