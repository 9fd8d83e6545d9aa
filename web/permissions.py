"""Page-level role checks. The rows a page shows are decided by the apps' visibility selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core.scoping import actor_for


def require_roles(roles):
    """A page only some roles use: 403 for the others (rows stay the selectors' business)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not actor_for(request.user).has_role(*roles):
                raise PermissionDenied("您的角色不能使用此页面")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
