"""The one place that answers "does this user hold grant X" — by reading the grant rows.

Never use ``user.has_perm`` or ``user.is_superuser`` for protected data: both are true
for every active superuser, and 三员分立 keeps system administration apart from
security administration, audit and access to reporters' identities.
"""

from django.utils import timezone

from core.models import AccessGrant, AuditLog


def has_grant(user, kind, *, now=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return AccessGrant.objects.filter(AccessGrant.active_q(now), user=user, kind=kind).exists()


def grant(*, user, kind, granted_by=None, reason="", expires_at=None) -> AccessGrant:
    # Logged (and, inside a request, checked for 三员分立) by core.signals.
    return AccessGrant.objects.create(user=user, kind=kind, granted_by=granted_by, reason=reason, expires_at=expires_at)


def revoke(*, user, kind, revoked_by=None) -> int:
    count = AccessGrant.objects.filter(AccessGrant.active_q(), user=user, kind=kind).update(revoked_at=timezone.now())
    AuditLog.objects.create(
        event=AuditLog.Event.GRANT,
        user=revoked_by,
        username=getattr(revoked_by, "username", ""),
        target=f"{user.username}:{kind}",
        detail={"action": "revoke", "count": count},
    )
    return count
