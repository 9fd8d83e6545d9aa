"""工作记录: quick entry of activities and 廉政风险点, over the reports app's selectors and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from reports import selectors
from reports.services import records as services
from web.forms import add_service_error
from web.forms.records import ActivityForm, RiskPointForm
from web.nav import STAFF
from web.permissions import require_roles

RECENT = 15


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def records(request):
    kinds = selectors.kind_list(user=request.user).filter(is_active=True).order_by("order", "id")
    which = request.POST.get("form") if request.method == "POST" else ""
    activity_form = ActivityForm(request.POST if which == "activity" else None, prefix="activity", kinds=kinds)
    risk_form = RiskPointForm(request.POST if which == "risk" else None, prefix="risk")
    form = {"activity": activity_form, "risk": risk_form}.get(which)
    if form is not None and form.is_valid():
        try:
            if which == "activity":
                services.activity_create(user=request.user, data=activity_form.service_data())
                messages.success(request, "已登记工作记录")
            else:
                services.risk_point_create(user=request.user, data=risk_form.cleaned_data)
                messages.success(request, "已登记廉政风险点")
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return redirect(f"{request.path}#{which}")
    return render(
        request,
        "web/records.html",
        {
            "activity_form": activity_form,
            "risk_form": risk_form,
            "open_form": which or "activity",
            "activities": selectors.activity_list(user=request.user).order_by("-date", "-id")[:RECENT],
            "risk_points": selectors.risk_point_list(user=request.user).order_by("-date", "-id")[:RECENT],
        },
        status=400 if form is not None else 200,
    )
