import pytest
from django.urls import reverse

from tests.discipline.factories import PersonFactory
from tests.factories import DepartmentFactory


@pytest.fixture
def subject(db):
    """The person a clue is about (被反映人), a member of one department."""
    return PersonFactory(name="被反映人甲", departments=[DepartmentFactory(name="财务处")])


@pytest.fixture
def clue_action(api_as):
    """POST a workflow action on a clue as ``user``: clue_action(user, clue, "assign", {...})."""

    def _post(user, clue, action, body=None, **kwargs):
        url = reverse(f"clue-{action}", kwargs={"pk": clue.pk})
        return api_as(user).post(url, body or {}, format=kwargs.pop("format", "json"), **kwargs)

    return _post


@pytest.fixture
def panel(db):
    """Three people to sit on a 集体研究 (none of them a clue's subject)."""
    return [PersonFactory(name="委员甲"), PersonFactory(name="委员乙"), PersonFactory(name="委员丙")]
