"""The insider with a database dump finds no usable API token.

Tokens are django-rest-knox's: only a digest is stored, so the key handed to the client is in no row.
"""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.dump import dumpdata_hits, table_hits

pytestmark = pytest.mark.django_db


def test_a_token_from_the_login_endpoint_is_in_no_table(api, supervisor):
    response = api.post(reverse("api-token"), {"username": supervisor.username, "password": PASSWORD}, format="json")
    assert response.status_code in (200, 201), response.content
    key = response.json()["token"]
    assert len(key) >= 20
    assert table_hits([key]) == []
    assert dumpdata_hits([key]) == []
