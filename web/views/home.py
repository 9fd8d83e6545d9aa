"""工作台: the landing page, by role. Office users land on 我的待办."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.scoping import actor_for
from web import dashboard


@login_required
@require_GET
def home(request):
    actor = actor_for(request.user)
    return render(request, "web/home.html", dashboard.home_context(request, actor))
