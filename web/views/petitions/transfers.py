"""转办件: the office's view of a petition transferred to its department, and its 办结反馈."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.scoping import get_visible_or_404
from organization.roles import Role
from petitions import permissions, selectors, services
from petitions.lights import LightContext
from petitions.models import PetitionAttachment
from web import breadcrumbs
from web.forms import add_service_error
from web.forms.petitions import ReplyForm
from web.lists import TRANSFERS
from web.nav import STAFF
from web.permissions import require_roles
from web.views.listing import list_page
from web.views.petitions.attachments import attach, attach_form


@require_roles((Role.OFFICE,) + STAFF)
@require_GET
def transfer_list(request):
    filterset = TRANSFERS.filter(request.GET, request=request)
    context, status = list_page(request, TRANSFERS, filterset)
    lights = LightContext()
    for p in context["page"]:
        p.light_value = lights.transfer_light(p)
    return render(request, "web/petitions/transfer_list.html", context, status=status)


@require_roles((Role.OFFICE,) + STAFF)
@require_http_methods(["GET", "POST"])
def transfer_detail(request, pk):
    petition = get_visible_or_404(selectors.transferred_list(user=request.user), user=request.user, pk=pk)
    allowed = permissions.allowed_transfer_actions(request.user, petition)
    action = request.POST.get("action", "reply")
    posted_reply = request.method == "POST" and action == "reply"
    form = ReplyForm(request.POST if posted_reply else None) if "reply" in allowed else None
    upload_form = attach_form(request) if "attach" in allowed else None
    if request.method == "POST":
        if not allowed:
            messages.error(request, "该转办件当前不能反馈")
            return redirect("web:transfer-detail", pk=pk)
        if action == "attach":
            done, upload_form = attach(request, petition, PetitionAttachment.Purpose.REPLY, "web:transfer-detail")
            if done is not None:
                return done
        elif form.is_valid():
            try:
                data = form.cleaned_data
                services.petition_reply(user=request.user, petition=petition, reply=data["reply"], at=data["at"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "已反馈办理情况")
                return redirect("web:transfer-detail", pk=pk)
    return render(
        request,
        "web/petitions/transfer_detail.html",
        {
            "petition": petition,
            "breadcrumbs": breadcrumbs.transfer_crumbs(request.user, petition),
            "light_value": LightContext().transfer_light(petition),
            "full_page": not permissions.sees_office_projection(request.user),
            "form": form,
            "attach_form": upload_form,
            "attachments": selectors.attachment_list(user=request.user, petition=petition),
        },
        status=400 if request.method == "POST" else 200,
    )
