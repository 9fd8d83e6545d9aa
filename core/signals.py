"""The security log's hooks: logins, and every change to accounts, roles, grants and Person links.

Model signals are the one shared hook, whatever made the change (admin form, inline,
bulk action, API, management command): the actor is the current request's user
(``core.separation.current_actor``), or the user a command declared with ``acting_as``,
or nobody (the server console). While a request is being served the same hooks also
enforce 三员分立 (``core.separation``), so no admin page or endpoint can bypass it.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from core import separation
from core.audit import log_event
from core.models import AccessGrant, AuditLog


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


def _log(event, target, *, fallback_actor=None, **detail):
    actor, request = separation.current_actor()
    actor = actor or fallback_actor
    if actor is None:
        detail.setdefault("via", "console" if request is None else "anonymous")
    log_event(event, user=actor, request=request, target=target, **detail)


# --- accounts ----------------------------------------------------------------------------
_USER_FLAGS = ("username", "is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_old = None
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        instance._audit_skip = True
        return
    instance._audit_skip = False
    old = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values(*_USER_FLAGS, "password").first()
    rehash = update_fields is not None and set(update_fields) == {"password"} and instance._password is None
    if old is not None and rehash:
        # check_password() re-hashing the same password with stronger parameters at login:
        # not a password change (no refusal, no token revocation).
        old["password"] = instance.password
    instance._audit_old = old
    actor, request = separation.current_actor()
    if request is None:
        return
    if instance.is_superuser and not (old and old["is_superuser"]):
        raise PermissionDenied("超级用户状态只能在服务器控制台设置，不能在系统中授予")
    if (
        old is not None
        and old["password"] != instance.password
        and not separation._same(actor, instance)
        and separation.holds_admin_grant(instance)
    ):
        raise PermissionDenied("安全管理员、审计员的密码只能由本人修改")


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _user_post_save(sender, instance, created, raw=False, **kwargs):
    if raw or getattr(instance, "_audit_skip", False):
        return
    old = instance.__dict__.pop("_audit_old", None)
    if created or old is None:
        flags = {name: getattr(instance, name) for name in _USER_FLAGS if name != "username"}
        _log(AuditLog.Event.ACCOUNT, instance.username, action="create", **flags)
        return
    changes = {n: [old[n], getattr(instance, n)] for n in _USER_FLAGS if old[n] != getattr(instance, n)}
    password_changed = old["password"] != instance.password
    if not changes and not password_changed:
        return
    detail = {"action": "change", "changes": changes}
    if password_changed:
        detail["password_changed"] = True  # never the hash itself
    if password_changed or (old["is_active"] and not instance.is_active):
        detail["tokens_revoked"] = _revoke_tokens(instance)
    _log(AuditLog.Event.ACCOUNT, instance.username, **detail)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _user_deleted(sender, instance, **kwargs):
    _log(AuditLog.Event.ACCOUNT, instance.username, action="delete")


def _revoke_tokens(user) -> int:
    from knox.models import AuthToken

    count, _ = AuthToken.objects.filter(user_id=user.pk).delete()
    return count


# --- roles (group membership), raw permissions, group permissions -------------------------
def _group_pairs(instance, reverse, pk_set, through_model, action):
    """[(user, [group names])] touched by a ``groups`` m2m change, either direction."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    if not reverse:
        if action == "pre_clear":
            names = list(instance.groups.values_list("name", flat=True))
        else:
            names = list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        return [(instance, names)]
    users = list(instance.user_set.all()) if action == "pre_clear" else list(User.objects.filter(pk__in=pk_set or ()))
    return [(user, [instance.name]) for user in users]


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from core.scoping import forget_actor

    if action.startswith("pre_"):
        pairs = _group_pairs(instance, reverse, pk_set, sender, action)
        actor, request = separation.current_actor()
        if request is not None:
            for user, names in pairs:
                if action == "pre_add":
                    separation.check_groups_added(actor, user, names)
                else:
                    separation.check_groups_removed(actor, user, names)
        instance._audit_groups = pairs
        return
    pairs = instance.__dict__.pop("_audit_groups", [])
    verb = {"post_add": "add", "post_remove": "remove", "post_clear": "remove"}[action]
    for user, names in pairs:
        forget_actor(user)
        if names:
            _log(AuditLog.Event.ROLE, user.username, action=verb, groups=sorted(names))


def _user_permissions_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    _, request = separation.current_actor()
    if action == "pre_add" and request is not None:
        raise PermissionDenied("不能直接给账号分配权限：权限只随角色授予")
    if action in ("post_add", "post_remove", "post_clear"):
        codenames = sorted(model.objects.filter(pk__in=pk_set or ()).values_list("codename", flat=True))
        target = instance.username if not reverse else ",".join(codenames)
        _log(AuditLog.Event.ROLE, target, action=action[5:], user_permissions=codenames if not reverse else [])


def _group_permissions_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    actor, request = separation.current_actor()
    if action.startswith("pre_") and request is not None:
        raise PermissionDenied("角色的权限由系统定义，不能在后台修改")
    if action in ("post_add", "post_remove") and (request is not None or actor is not None) and pk_set:
        codenames = sorted(model.objects.filter(pk__in=pk_set).values_list("codename", flat=True))
        _log(AuditLog.Event.ROLE, getattr(instance, "name", ""), action=action[5:], group_permissions=codenames)


def connect_account_hooks():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit_groups")
    m2m_changed.connect(_user_permissions_changed, sender=User.user_permissions.through, dispatch_uid="audit_uperms")
    m2m_changed.connect(_group_permissions_changed, sender=Group.permissions.through, dispatch_uid="audit_gperms")


# --- grants ------------------------------------------------------------------------------------
@receiver(pre_save, sender=AccessGrant)
def _grant_pre_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = None
    if instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values("user_id", "kind", "expires_at", "revoked_at").first()
    instance._audit_old = old
    actor, request = separation.current_actor()
    if request is not None or actor is not None:
        if old is not None and (old["user_id"] != instance.user_id or old["kind"] != instance.kind):
            raise PermissionDenied("授权的对象和类型不能修改：请撤销后重新授权")
        separation.check_grant(actor, user=instance.user, kind=instance.kind)


@receiver(post_save, sender=AccessGrant)
def _grant_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = instance.__dict__.pop("_audit_old", None)
    detail = {"action": "grant" if created else "change", "reason": instance.reason}
    if old is not None:
        detail["changes"] = {
            name: [_text(old[name]), _text(getattr(instance, name))]
            for name in ("expires_at", "revoked_at")
            if old[name] != getattr(instance, name)
        }
    _log(
        AuditLog.Event.GRANT,
        f"{instance.user.username}:{instance.kind}",
        fallback_actor=instance.granted_by if created else None,
        **detail,
    )


def _text(value):
    return None if value is None else str(value)


# --- Person ↔ login links ----------------------------------------------------------------------
def _person_pre_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_user_id = None
    if instance.pk is not None:
        old_user_id = sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    instance._audit_link = None
    if old_user_id == instance.user_id:
        return
    from django.contrib.auth import get_user_model

    User = get_user_model()
    old_user = User.objects.filter(pk=old_user_id).first() if old_user_id else None
    new_user = instance.user if instance.user_id else None
    actor, request = separation.current_actor()
    if request is not None or actor is not None:
        separation.check_person_link(actor, old_user=old_user, new_user=new_user)
    instance._audit_link = (old_user, new_user)


def _person_post_save(sender, instance, raw=False, **kwargs):
    link = instance.__dict__.pop("_audit_link", None)
    if raw or link is None:
        return
    from core.scoping import forget_actor

    old_user, new_user = link
    for user in (old_user, new_user):
        if user is not None:
            forget_actor(user)
    _log(
        AuditLog.Event.PERSON_LINK,
        instance.name,
        action="link" if new_user else "unlink",
        person_id=instance.pk,
        old_user=getattr(old_user, "username", None),
        new_user=getattr(new_user, "username", None),
    )


_person_models: set = set()


def connect_person_hooks(person_model):
    """Called by the app that owns people (its ``ready()``) with its model, which has a ``user`` link."""
    pre_save.connect(_person_pre_save, sender=person_model, dispatch_uid="audit_person_pre")
    post_save.connect(_person_post_save, sender=person_model, dispatch_uid="audit_person_post")
    _person_models.add(person_model)


def person_hooks_connected(person_model) -> bool:
    return person_model in _person_models
