import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users get passwords; the production hasher's cost is not what these tests measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_as():
    """A logged-in Django test client (pages, not the API)."""

    def _make(user):
        client = Client()
        client.force_login(user)
        return client

    return _make
