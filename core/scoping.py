"""Who may see what: one visibility function per model, one actor resolution per request.

Each app registers, for each of its models, a function ``(actor, queryset) -> queryset``
with ``register_visibility``. Every API view, web page, admin page, export and file
download starts from ``visible_to(Model, user=...)``; ``get_visible_or_404`` answers an
object a user may not see exactly like one that does not exist.

回避 (recusal) is applied here, before and whatever the model's own rule: a model
registered with ``subject_fields`` never shows a row whose subject is the user's own
person record — being a leader or a supervisor does not lift it. A user with no linked
``Person`` sees no row of such a model at all (fail closed: recusal cannot be applied, so
an administrator cutting the link cannot lift it).

Unregistered models are refused (fail closed). Who a user is — roles, person, departments —
is answered by the app that owns people, which registers its resolver with
``register_actor_resolver`` when it is ready; without one nobody is resolved (fail closed).
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Q
from django.http import Http404


@dataclass(frozen=True)
class Actor:
    """A user's roles and departments, resolved once per request (two queries)."""

    user_id: int | None
    person_id: int | None
    roles: frozenset = field(default_factory=frozenset)
    department_ids: frozenset = field(default_factory=frozenset)
    headed_department_ids: frozenset = field(default_factory=frozenset)

    def has_role(self, *roles) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_anonymous(self):
        return self.user_id is None


ANONYMOUS = Actor(user_id=None, person_id=None)

_ACTOR_ATTR = "_scoping_actor"

_resolver: dict = {}


def register_actor_resolver(func):
    """``func(user) -> Actor`` answers who an active, signed-in user is (the people app's)."""
    _resolver["actor"] = func
    return func


def has_actor_resolver() -> bool:
    return "actor" in _resolver


def actor_for(user) -> Actor:
    """Resolve (and cache on the user object) the user's roles and departments."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _ACTOR_ATTR, None)
    if cached is not None:
        return cached
    resolve = _resolver.get("actor")
    if resolve is None:
        raise ImproperlyConfigured("no actor resolver: register one with register_actor_resolver")
    actor = resolve(user)
    setattr(user, _ACTOR_ATTR, actor)
    return actor


def forget_actor(user):
    """Drop the cached actor (after changing a user's roles or memberships)."""
    if hasattr(user, _ACTOR_ATTR):
        delattr(user, _ACTOR_ATTR)


@dataclass(frozen=True)
class _Rule:
    func: object
    subject_fields: tuple


_registry: dict = {}


def register_visibility(model, *, subject_fields=()):
    """Decorator: ``@register_visibility(Measure)`` over ``def f(actor, qs) -> qs``.

    ``subject_fields`` names foreign keys to the person model that make a row
    "about" someone (被反映人); such rows are hidden from that person (回避).
    """

    def decorator(func):
        _registry[model] = _Rule(func=func, subject_fields=tuple(subject_fields))
        return func

    return decorator


def _rule_for(model):
    rule = _registry.get(model)
    if rule is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has no visibility function; register one with register_visibility"
        )
    return rule


def apply_visibility(queryset, *, user=None, actor=None):
    """Narrow ``queryset`` (of a registered model) to what the user may see."""
    actor = actor or actor_for(user)
    rule = _rule_for(queryset.model)
    if actor.is_anonymous:
        return queryset.none()
    if rule.subject_fields and actor.person_id is None:
        # 回避 hangs on the user's Person: without one nobody can tell what is about them,
        # so rows that can be about someone are not shown at all (fail closed).
        return queryset.none()
    if rule.subject_fields:
        queryset = _recused(queryset, rule.subject_fields, actor.person_id)
    return rule.func(actor, queryset)


def _recused(queryset, subject_fields, person_id):
    """``queryset`` without the rows about ``person_id`` (回避).

    A path through a single-valued relation is a condition on the row itself. A path through a
    multi-valued one (a petition's ``recusals``) is ``pk NOT IN`` the rows about the person: one
    small subquery the database runs once (PostgreSQL hashes it), where an ``OR EXISTS`` beside the
    other condition was a correlated probe for every row. It is read through the base manager, so
    a row a default manager would hide is still excluded.
    """
    model = queryset.model
    direct = Q()
    for name in subject_fields:
        if _multivalued(model, name):
            about = model._base_manager.filter(**{name: person_id}).values("pk")
            queryset = queryset.exclude(pk__in=about)
        else:
            direct |= Q(**{name: person_id})
    return queryset.exclude(direct) if direct else queryset


def _multivalued(model, path: str) -> bool:
    for name in path.split("__"):
        try:
            step = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup (``__exact``): the path ended on a field
        if step.many_to_many or step.one_to_many:
            return True
        if step.related_model is None:
            return False
        model = step.related_model
    return False


def visible_to(model, *, user=None, actor=None):
    return apply_visibility(model._default_manager.all(), user=user, actor=actor)


def get_visible_or_404(model_or_queryset, *, user=None, actor=None, **lookup):
    if hasattr(model_or_queryset, "model") and hasattr(model_or_queryset, "filter"):
        qs = apply_visibility(model_or_queryset, user=user, actor=actor)
    else:
        qs = visible_to(model_or_queryset, user=user, actor=actor)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_registered(model) -> bool:
    return model in _registry
