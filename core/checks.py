"""Start-up checks (``manage.py check``, ``runserver``, ``migrate``): the hooks core leaves to the
app that owns people are all registered, or the site does not start (fail closed)."""

from django.core import checks

from core import scoping, separation, signals


@checks.register(checks.Tags.security)
def people_hooks_registered(app_configs=None, **kwargs):
    errors = []
    if not scoping.has_actor_resolver():
        errors.append(
            checks.Error("core.scoping has no actor resolver", hint="register_actor_resolver()", id="core.E001")
        )
    person_model = separation.registered_person_model()
    if person_model is None:
        errors.append(
            checks.Error("core.separation has no people registered", hint="register_people()", id="core.E002")
        )
    elif not signals.person_hooks_connected(person_model):
        errors.append(
            checks.Error(
                "the security log's Person hooks are not connected", hint="connect_person_hooks()", id="core.E003"
            )
        )
    return errors
