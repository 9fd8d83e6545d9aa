"""Two POSTs of one rendered create form at the same moment (a double click, a proxy's retry),
each on its own database connection: exactly one record, and both answers show it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import IdempotencyKey
from organization.roles import Role
from petitions.models import Petition
from rectification.models import ProgressUpdate
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory
from tests.web.test_form_tokens import REPLAYED, _intake, token_on

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _two_tabs(user):
    """Two logins of one user. (Two requests on one session both save it when they end, and the
    later save drops the messages the other stored: separate sessions keep each answer's message.)"""
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def _post_with(client, url, data_of):
    def post():
        response = client.post(url, data_of())
        return response.status_code, response["Location"] if response.status_code == 302 else response.content

    return post


def _messages(client, location):
    return client.get(location).content.decode()


@pytest.mark.parametrize("delay", [0, 0.05], ids=["tie", "second-late"])
def test_two_simultaneous_posts_of_one_petition_form_register_one(delay):
    user = make_user(Role.INSPECTOR, username=f"token_racer_{int(delay * 100)}", person_name="并发登记人")
    first, second = _two_tabs(user)
    url = reverse("web:petition-create")
    token = token_on(first.get(url).content.decode())

    outcomes = race(
        _post_with(first, url, lambda: {**_intake(), "form_token": token}),
        _post_with(second, url, lambda: {**_intake(), "form_token": token}),
        delays=[0, delay],
    )

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    (code_a, where_a), (code_b, where_b) = (o[1] for o in outcomes)
    assert (code_a, code_b) == (302, 302), outcomes
    petition = Petition.objects.get()
    assert where_a == where_b == reverse("web:petition-detail", args=[petition.pk])
    assert IdempotencyKey.objects.get().object_id == petition.pk
    shown = [_messages(first, where_a), _messages(second, where_b)]
    assert sum(REPLAYED in page for page in shown) == 1
    assert sum(f"已登记信访件 {petition.number}" in page for page in shown) == 1


def test_two_simultaneous_progress_reports_from_one_form_add_one_note(dept_a):
    office = make_user(Role.OFFICE, username="token_racer_office", person_name="并发联络员", departments=[dept_a])
    measure = MeasureFactory(lead_department=dept_a)
    first, second = _two_tabs(office)
    url = reverse("web:measure-detail", args=[measure.pk])
    token = token_on(first.get(url).content.decode(), "progress")
    data = {"action": "progress", "progress-text": "已修订制度", "progress-form_token": token}

    outcomes = race(_post_with(first, url, lambda: data), _post_with(second, url, lambda: data))

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    assert [o[1][0] for o in outcomes] == [302, 302], outcomes
    assert ProgressUpdate.objects.filter(measure=measure).count() == 1
    assert re.search(rf"{url}$", outcomes[0][1][1]) and outcomes[0][1][1] == outcomes[1][1][1]
