import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The shared user factories hash a password per user; PBKDF2 would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
