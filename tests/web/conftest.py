import pytest
from django.test import Client


@pytest.fixture
def client_as():
    """A logged-in Django test client (pages, not the API)."""

    def _make(user):
        client = Client()
        client.force_login(user)
        return client

    return _make
