"""站内消息: the bell's list; marking read goes through the reminders app's services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from reminders import selectors, services
from web.views.common import paginate


def _local_page(link: str) -> str:
    """The page a notification opens: its link when that is a page of this site (reminders
    store the item's page); anything else — another host, an API resource, a path that
    leads nowhere — gives '' and the message shows no link."""
    if not link or not link.startswith("/") or link.startswith("//") or link.startswith("/api/"):
        return ""
    try:
        resolve(link.split("?")[0])
    except Resolver404:
        return ""
    return link


@login_required
@require_GET
def notification_list(request):
    only_unread = request.GET.get("unread") == "1"
    rows = selectors.notification_list(user=request.user, unread=True if only_unread else None)
    page = paginate(request, rows.order_by("-created_at", "-id"))
    for notification in page:
        notification.page_url = _local_page(notification.link)
    return render(request, "web/notifications.html", {"page": page, "only_unread": only_unread})


def _not_activity(request):
    """Leave the session's expiry where it was. Sessions are saved on every request because that
    is the idle timeout (SESSION_SAVE_EVERY_REQUEST); a poll is not the user at work, and would
    otherwise keep a forgotten, open tab signed in for ever."""
    request.session.save = lambda must_create=False: None


@require_GET
def notification_bell(request):
    """The bell alone, for htmx to poll: the session, the user and one count — no navigation,
    no roles — and no session refresh. Signed out (the session timed out), nothing to swap."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    _not_activity(request)
    html = render_to_string(
        "web/_bell.html", {"unread_notifications": selectors.notification_unread_count(user=request.user)}
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one read; with ``open`` go on to the item it is about (a path on this site only)."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    target = _local_page(notification.link) if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读")
    return redirect("web:notification-list")
