"""Saved filters: a user names the current filters of a list page and opens them again with one click.

A saved filter is the user's own: nobody else lists, opens or deletes it (404). Its query string is user
input: stored only for a known list, bounded, without control characters, and read again by the list page
(which refuses what is invalid) each time it is opened.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from web.forms.saved_filters import SavedFilterForm
from web.lists import BY_KEY
from web.models import SavedFilter
from web.nav import EVERYONE
from web.permissions import require_roles


@require_roles(EVERYONE)
@require_POST
def saved_filter_create(request):
    form = SavedFilterForm(request.POST)
    valid = form.is_valid()
    key = form.cleaned_data.get("list_key") if valid or "list_key" not in form.errors else None
    if key is None:
        messages.error(request, f"保存筛选失败：{form.errors['list_key'][0]}")
        return redirect("home")
    back = reverse(BY_KEY[key].url_name)
    query = form.cleaned_data.get("query", "")
    back_with_query = f"{back}?{query}" if query else back
    if not valid:
        messages.error(request, f"保存筛选失败：{form.first_error()}")
        return redirect(back_with_query)
    name = form.cleaned_data["name"]
    try:
        with transaction.atomic():
            # One user's saves in turn (the user's row locked), so two at once cannot both pass the limit.
            list(get_user_model().objects.select_for_update().filter(pk=request.user.pk).values_list("pk"))
            full = SavedFilter.objects.filter(user=request.user, list_key=key).count() >= SavedFilter.MAX_PER_LIST
            if not full:
                SavedFilter.objects.create(user=request.user, list_key=key, name=name, query=query)
    except IntegrityError:  # the same name saved twice
        messages.error(request, f"保存筛选失败：已有名为“{name}”的筛选")
        return redirect(back_with_query)
    if full:
        messages.error(request, f"保存筛选失败：每个列表最多保存 {SavedFilter.MAX_PER_LIST} 个筛选，请先删除不用的")
    else:
        messages.success(request, f"已保存筛选“{name}”")
    return redirect(back_with_query)


@require_roles(EVERYONE)
@require_POST
def saved_filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    listing = BY_KEY.get(saved.list_key)
    back = reverse(listing.url_name if listing else "home")
    saved.delete()
    messages.success(request, f"已删除筛选“{saved.name}”")
    return redirect(back)
