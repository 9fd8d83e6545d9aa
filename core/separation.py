"""三员分立 for accounts: who may change roles, grants, privilege flags and Person links.

The system administrator (superuser, or the 系统管理员 role) manages accounts — creates and
deactivates them, resets passwords — but never gives anyone a role that reaches case
content, a grant, superuser status or raw permissions. Roles and grants are assigned by
a 安全管理员 (``AccessGrant.Kind.SECURITY_ADMIN``), and never to themselves.

The checks here are called by the admin forms (for a readable message) and, whatever
the form did, by the model signals in ``core.signals`` for every change made while a
web or API request is being served (the actor is that request's user). Console
management commands run by the server operator are not refused but are logged.

The roles and the person model belong to the app that owns people, which registers them with
``register_people`` when it is ready; until then every role or link change is refused (fail
closed).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from core.grants import has_grant
from core.models import AccessGrant

_console_actor: ContextVar = ContextVar("separation_console_actor", default=None)

# Grants that make one of the three administrators; one person holds at most one of the three.
ADMIN_GRANTS = (AccessGrant.Kind.SECURITY_ADMIN, AccessGrant.Kind.AUDITOR)


_people: dict = {}


def register_people(*, person_model, content_groups, admin_group):
    """The people app's model (with a ``user`` link) and role groups: ``content_groups`` are the
    names of the roles that reach case content, ``admin_group`` the 系统管理员 role's."""
    _people.update(person_model=person_model, content_groups=frozenset(content_groups), admin_group=admin_group)


def registered_person_model():
    """The registered person model, or None before ``register_people``."""
    return _people.get("person_model")


def _registered(name):
    try:
        return _people[name]
    except KeyError:
        raise ImproperlyConfigured("no people registered for 三员分立: call register_people") from None


def content_group_names():
    return set(_registered("content_groups"))


def admin_group_name():
    return _registered("admin_group")


@contextmanager
def acting_as(user):
    """Attribute changes made outside a request (a management command) to ``user``."""
    token = _console_actor.set(user)
    try:
        yield
    finally:
        _console_actor.reset(token)


def current_request():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def current_actor():
    """(user or None, request or None): who is changing accounts right now."""
    request = current_request()
    if request is not None:
        user = getattr(request, "user", None)
        return (user if user is not None and user.is_authenticated else None), request
    return _console_actor.get(), None


def is_security_admin(user) -> bool:
    return has_grant(user, AccessGrant.Kind.SECURITY_ADMIN)


def is_system_admin(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=admin_group_name()).exists()


def _same(actor, target) -> bool:
    return actor is not None and target is not None and actor.pk is not None and actor.pk == target.pk


def check_groups_added(actor, target, group_names):
    """Refuse (PermissionDenied, Chinese) adding ``group_names`` to ``target`` by ``actor``."""
    names = set(group_names)
    content = names & content_group_names()
    if content:
        if not is_security_admin(actor):
            raise PermissionDenied("只有安全管理员可以分配业务角色（" + "、".join(sorted(content)) + "）")
        if _same(actor, target):
            raise PermissionDenied("安全管理员不能给自己分配角色")
        if not _has_person(target):
            raise PermissionDenied("该账号未关联人员，不能分配业务角色：请先在“人员”中关联登录账号")
        if holds_admin_grant(target):
            raise PermissionDenied("安全管理员、审计员不能同时担任业务角色")
    if admin_group_name() in names:
        if not (is_security_admin(actor) or is_system_admin(actor)):
            raise PermissionDenied("您不能分配系统管理员角色")
        if _same(actor, target) and not is_system_admin(actor):
            raise PermissionDenied("不能给自己分配角色")
        if holds_admin_grant(target):
            raise PermissionDenied("安全管理员、审计员不能同时担任系统管理员")
    unknown = names - content - {admin_group_name()}
    if unknown and not is_security_admin(actor):
        raise PermissionDenied("只有安全管理员可以分配角色")


def check_groups_removed(actor, target, group_names):
    names = set(group_names)
    if names & content_group_names() and not is_security_admin(actor):
        raise PermissionDenied("只有安全管理员可以撤销业务角色")


def check_grant(actor, *, user, kind):
    """A grant is given by a security admin, never to themselves, never to one of the other admins."""
    if not is_security_admin(actor):
        raise PermissionDenied("只有安全管理员可以授权")
    if _same(actor, user):
        raise PermissionDenied("安全管理员不能给自己授权")
    check_three_people(user=user, kind=kind)


def check_three_people(*, user, kind):
    """The system administrator, security administrator and auditor are three different people."""
    if kind in ADMIN_GRANTS:
        if is_system_admin(user):
            raise PermissionDenied("系统管理员不能同时担任安全管理员或审计员（三员分立）")
        other = [k for k in ADMIN_GRANTS if k != kind]
        if AccessGrant.objects.filter(AccessGrant.active_q(), user=user, kind__in=other).exists():
            raise PermissionDenied("安全管理员与审计员必须由不同的人担任（三员分立）")
        if user.groups.filter(name__in=content_group_names()).exists():
            raise PermissionDenied("安全管理员、审计员不能同时担任业务角色")


def check_person_link(actor, *, old_user, new_user):
    """Linking or unlinking a Person and a login is a security-admin act, never on oneself."""
    if not is_security_admin(actor):
        raise PermissionDenied("只有安全管理员可以更改人员与登录账号的关联")
    if _same(actor, old_user) or _same(actor, new_user):
        raise PermissionDenied("安全管理员不能更改自己的人员关联")
    if old_user is not None and old_user.groups.filter(name__in=content_group_names()).exists():
        raise PermissionDenied("该账号担任业务角色，必须关联人员：请先撤销其业务角色，再更改关联")


def holds_admin_grant(user) -> bool:
    if user is None or user.pk is None:
        return False
    return AccessGrant.objects.filter(AccessGrant.active_q(), user=user, kind__in=ADMIN_GRANTS).exists()


def _has_person(user) -> bool:
    person_model = _registered("person_model")
    return user is not None and user.pk is not None and person_model.objects.filter(user=user).exists()
