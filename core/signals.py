from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.audit import log_event
from core.models import AuditLog


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_event(AuditLog.Event.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event(AuditLog.Event.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Never log the password; the username attempted is what an auditor needs.
    log_event(AuditLog.Event.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])
