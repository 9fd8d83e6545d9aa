"""Saved filters: a user names the current filters of a list page and opens them again with one click.

A saved filter is the user's own: nobody else lists, opens or deletes it (404). Its query string is user
input: stored only for a known list, bounded, without control characters, and read again by the list page
(which refuses what is invalid) each time it is opened.
"""

import unicodedata

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from web.lists import BY_KEY
from web.models import SavedFilter
from web.nav import EVERYONE
from web.permissions import require_roles


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def _clean_query(raw: str) -> str:
    params = QueryDict(raw, mutable=True)
    params.pop("page", None)
    return params.urlencode()


@require_roles(EVERYONE)
@require_POST
def saved_filter_create(request):
    key = request.POST.get("list_key", "")
    if key not in BY_KEY:
        messages.error(request, "保存筛选失败：列表无效")
        return redirect("home")
    back = reverse(BY_KEY[key].url_name)
    name = request.POST.get("name", "").strip()
    query = _clean_query(request.POST.get("query", ""))
    problem = ""
    if not name:
        problem = "请填写筛选名称"
    elif len(name) > SavedFilter._meta.get_field("name").max_length or _has_control(name):
        problem = "筛选名称不超过 40 个字，且不能含控制字符"
    elif len(query) > SavedFilter._meta.get_field("query").max_length or _has_control(query):
        problem = "筛选条件过长或含控制字符"
    elif SavedFilter.objects.filter(user=request.user, list_key=key).count() >= SavedFilter.MAX_PER_LIST:
        problem = f"每个列表最多保存 {SavedFilter.MAX_PER_LIST} 个筛选，请先删除不用的"
    if problem:
        messages.error(request, f"保存筛选失败：{problem}")
        return redirect(f"{back}?{query}" if query else back)
    try:
        with transaction.atomic():
            SavedFilter.objects.create(user=request.user, list_key=key, name=name, query=query)
    except IntegrityError:
        messages.error(request, f"保存筛选失败：已有名为“{name}”的筛选")
    else:
        messages.success(request, f"已保存筛选“{name}”")
    return redirect(f"{back}?{query}" if query else back)


@require_roles(EVERYONE)
@require_POST
def saved_filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    listing = BY_KEY.get(saved.list_key)
    back = reverse(listing.url_name if listing else "home")
    saved.delete()
    messages.success(request, f"已删除筛选“{saved.name}”")
    return redirect(back)
