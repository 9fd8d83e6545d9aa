"""The petition list and the intake page (its exports: web.views.bulk_exports)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from petitions import permissions, query_code
from petitions.lights import LightContext
from web.forms.once import add_form_token, create_once
from web.forms.petitions import IntakeForm
from web.lists import PETITIONS
from web.nav import READERS, STAFF
from web.permissions import require_roles
from web.views.listing import list_page

CODE_ISSUED = "，已发放查询码，请打印登记回执交信访人"
NOTICE, DETAIL = "web:petition-notice", "web:petition-detail"


@require_roles(READERS)
@require_GET
def petition_list(request):
    filterset = PETITIONS.filter(request.GET, request=request)
    context, status = list_page(request, PETITIONS, filterset)
    lights = LightContext()
    for p in context["page"]:
        p.light_value = lights.light(p)
    context["can_register"] = permissions.can_register(request.user)
    context["can_export"] = permissions.can_export(request.user)
    return render(request, "web/petitions/petition_list.html", context, status=status)


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def petition_create(request):
    form = add_form_token(IntakeForm(request.POST or None), request.user)
    if request.method == "POST":
        with_code: set[int] = set()

        def register(_data):
            petition, code = query_code.petition_register_with_code(
                user=request.user, informant=form.informant, **form.service_data()
            )
            if code:
                with_code.add(petition.pk)
            return petition

        done = create_once(
            request,
            form,
            register,
            success=lambda p: f"已登记信访件 {p.number}" + (CODE_ISSUED if p.pk in with_code else ""),
            # With a code, straight to the 受理告知书: the one place the code is shown (and logged).
            url=lambda pk: reverse(NOTICE if pk in with_code else DETAIL, kwargs={"pk": pk}),
        )
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, "web/petitions/petition_form.html", {"form": form}, status=status)
