"""Page-level role checks. The rows a page shows are decided by the apps' visibility selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core.scoping import actor_for


def require(allowed, message="您的角色不能使用此页面"):
    """A page only some users may use (``allowed(user)`` is the owning app's permission): 403 for the others."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_roles(roles):
    """A page only some roles use: 403 for the others (rows stay the selectors' business)."""
    return require(lambda user: actor_for(user).has_role(*roles))
