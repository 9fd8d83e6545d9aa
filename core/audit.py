"""Write security-log rows for logins, exports, imports and downloads."""

from core.models import AuditLog


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_event(event, *, user=None, request=None, target="", **detail):
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditLog.objects.create(
        event=event,
        user=user,
        username=getattr(user, "username", "") or detail.pop("username", ""),
        ip_address=client_ip(request),
        target=str(target)[:200],
        detail=detail,
    )
