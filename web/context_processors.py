from core.scoping import actor_for
from organization.roles import GROUP_NAMES
from web.nav import nav_for
from web.notifications import unread_count


def workbench(request):
    """Navigation, role names and the unread-notification count for every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    actor = actor_for(user)
    return {
        "nav_sections": nav_for(actor, request.path),
        "role_names": [GROUP_NAMES[r] for r in sorted(actor.roles) if r in GROUP_NAMES],
        "unread_notifications": unread_count(user),
    }
