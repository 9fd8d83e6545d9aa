"""Idempotent creation (Idempotency-Key) and failure 7 of issue 11.

Failure 7: the connection died while the new petition was re-read for the response; the
client got a 500 for a committed record and its retry registered it twice. With the key,
the retry is safe: exactly one petition, whatever the first attempt's fate.
"""

import datetime as dt

import pytest
from django.db import OperationalError
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import IdempotencyKey
from organization.roles import Role
from petitions import selectors
from petitions.models import Petition
from rectification.models import Measure
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.petitions.api_helpers import registration_body as _body
from tests.rectification.factories import ProblemFactory


def _post(client, body, key):
    return client.post(reverse("petition-list"), body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_a_retry_after_a_500_on_the_reread_registers_once(api_as, inspector, monkeypatch):
    client = api_as(inspector)
    client.raise_request_exception = False
    real_get, calls = selectors.petition_get, []

    def dies_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_get(**kwargs)

    monkeypatch.setattr(selectors, "petition_get", dies_once)
    body = _body()

    first = _post(client, body, "retry-7")
    retry = _post(client, body, "retry-7")
    again = _post(client, body, "retry-7")

    assert first.status_code == 500
    assert retry.status_code in (200, 201) and again.status_code == 200
    assert Petition.objects.count() == 1
    assert retry.json()["id"] == again.json()["id"] == Petition.objects.get().pk


@pytest.mark.django_db
def test_the_same_key_returns_the_same_petition_and_another_body_is_422(api_as, inspector):
    client = api_as(inspector)
    created = _post(client, _body(), "k-1")
    replay = _post(client, _body(), "k-1")
    other = _post(client, _body(summary="另一件事"), "k-1")

    assert created.status_code == 201 and replay.status_code == 200
    assert replay.json()["id"] == created.json()["id"] and replay.json()["number"] == created.json()["number"]
    assert replay["Idempotent-Replay"] == "true"
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]
    assert Petition.objects.count() == 1
    # without a key, or with a new one, a second registration is a new petition
    assert client.post(reverse("petition-list"), _body(), format="json").status_code == 201
    assert _post(client, _body(), "k-2").status_code == 201
    assert Petition.objects.count() == 3


@pytest.mark.django_db
def test_keys_are_per_user_kept_a_day_and_checked(api_as, inspector, supervisor):
    assert _post(api_as(inspector), _body(), "shared").status_code == 201
    assert _post(api_as(supervisor), _body(), "shared").status_code == 201
    assert Petition.objects.count() == 2
    too_long = _post(api_as(inspector), _body(), "x" * 201)
    assert too_long.status_code == 400 and "Idempotency-Key" in too_long.json()["detail"]
    IdempotencyKey.objects.filter(user=inspector).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert _post(api_as(inspector), _body(), "shared").status_code == 201
    assert Petition.objects.count() == 3


@pytest.mark.django_db
def test_a_failed_create_frees_the_key(api_as, inspector):
    client = api_as(inspector)
    refused = _post(client, _body(summary=""), "fix-and-retry")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _post(client, _body(), "fix-and-retry").status_code == 201


@pytest.mark.django_db
def test_every_create_endpoint_shares_it_measures_too(api_as, inspector):
    problem = ProblemFactory()
    body = {"problem": problem.pk, "content": "修订学习制度", "deadline_kind": "long_term"}
    client = api_as(inspector)
    first = client.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    second = client.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Measure.objects.count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_requests_with_one_key_register_once():
    user = make_user(Role.INSPECTOR, username="idem_racer", person_name="并发登记人")
    body = _body()

    def post():
        client = APIClient()
        client.force_authenticate(user)
        response = _post(client, body, "same-moment")
        return response.status_code, response.json()["id"]

    outcomes = race(post, post)

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    codes = sorted(o[1][0] for o in outcomes)
    assert codes == [200, 201]
    assert outcomes[0][1][1] == outcomes[1][1][1]
    assert Petition.objects.count() == 1
