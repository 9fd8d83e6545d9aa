"""The bell's count: read from the reminders app when it is installed, else nothing to show."""

from django.apps import apps


def unread_count(user) -> int | None:
    if not apps.is_installed("reminders"):
        return None
    from reminders import selectors  # noqa: PLC0415 (optional app)

    return selectors.notification_unread_count(user=user)


# The reminders app links each notification to the item's API resource; people open the page.
_API_TO_PAGE = {
    "rectification-measure-detail": "web:measure-detail",
    "rectification-round-detail": "web:round-detail",
    "petition-detail": "web:petition-detail",
    "petition-transfer-detail": "web:transfer-detail",
    "clue-detail": "web:clue-detail",
    "recommendation-detail": "web:recommendation-detail",
}


def page_for(link: str) -> str:
    """The web page for a notification's link: an API detail path becomes its page; another
    path on this site is kept; anything else (another host, unknown) gives ''."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    if not link or not link.startswith("/") or link.startswith("//"):
        return ""
    try:
        match = resolve(link.split("?")[0])
    except Resolver404:
        return ""
    page = _API_TO_PAGE.get(match.url_name or "")
    if page and "pk" in match.kwargs:
        try:
            return reverse(page, kwargs={"pk": match.kwargs["pk"]})
        except NoReverseMatch:
            return ""
    return "" if link.startswith("/api/") else link
