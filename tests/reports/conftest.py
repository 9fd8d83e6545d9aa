import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The users these tests create never log in with a password: hash them cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
