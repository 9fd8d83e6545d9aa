"""Building petitions for the repeat-suggestion tests: through the real registration, or in bulk."""

from organization.models import Department
from petitions import repeats
from petitions.models import Petition, RepeatSuggestion
from tests.petitions.factories import OTHER_REPORTER, register


def pairs(petition):
    """{original id: reasons} of the suggestions made for ``petition`` (every state)."""
    return {s.original_id: s.reasons for s in RepeatSuggestion.objects.filter(petition=petition)}


def registered(user, capture, **kwargs):
    """Register through the service and run what it queues after commit (the suggestion)."""
    with capture(execute=True):
        return register(user, **kwargs)


def department(name="被反映测试单位"):
    return Department.objects.get_or_create(name=name)[0]


def ticket(petition, number, family):
    Petition.objects.filter(pk=petition.pk).update(ticket_no=number, ticket_family=family)


def other_reporter():
    return OTHER_REPORTER


def suggest(petition):
    return repeats.suggest(petition)
