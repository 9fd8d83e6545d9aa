"""工作记录: quick entry of activities and 廉政风险点, over the reports app's selectors and services."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from organization import selectors as org_selectors
from reports import selectors
from reports.services import records as services
from web.forms.once import add_form_token, create_once
from web.forms.records import ActivityForm, RiskPointForm
from web.nav import STAFF
from web.permissions import require_roles

RECENT = 15


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def records(request):
    kinds = selectors.kind_list(user=request.user).filter(is_active=True).order_by("order", "id")
    which = request.POST.get("form") if request.method == "POST" else ""
    people = org_selectors.person_list(user=request.user).prefetch_related(None).filter(is_active=True)
    activity_form = ActivityForm(
        request.POST if which == "activity" else None, prefix="activity", kinds=kinds, people=people
    )
    risk_form = RiskPointForm(request.POST if which == "risk" else None, prefix="risk")
    for each in (activity_form, risk_form):
        add_form_token(each, request.user)
    form = {"activity": activity_form, "risk": risk_form}.get(which)
    if form is not None:
        if which == "activity":
            create, success = (
                lambda _data: services.activity_create(user=request.user, data=activity_form.service_data()),
                "已登记工作记录",
            )
        else:
            create, success = lambda data: services.risk_point_create(user=request.user, data=data), "已登记廉政风险点"
        done = create_once(request, form, create, success=success, url=lambda _pk: f"{request.path}#{which}")
        if done is not None:
            return done
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
