"""The top bar's search box: shown to the roles that may use the search page."""

from django import template

from core.scoping import actor_for
from web.nav import EVERYONE

register = template.Library()


@register.simple_tag(takes_context=True)
def can_search(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and actor_for(user).has_role(*EVERYONE))
