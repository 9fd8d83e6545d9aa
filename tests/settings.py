"""Settings of the test suite (pyproject's DJANGO_SETTINGS_MODULE): the development settings
with a fast password hasher.

``config.settings`` reads ``DEBUG`` (off unless set) while it is imported, so this module
sets it first — which is why it cannot be ``config/settings/test.py``: importing that would run
the package's ``__init__``, the production settings, before it. It is set, not defaulted:
the suite tests the development configuration whatever the shell or ``.env`` says, and the
subprocesses it starts inherit it (those testing production settings, tests/core/test_config.py,
drop it and this module). Production settings are checked there and by ``.ci/run``'s deploy step.
"""

import os

os.environ["DEBUG"] = "true"

from config.settings import *  # noqa: E402, F403

# Test users get passwords; the production hasher's cost (PBKDF2) is not what the tests
# measure and would dominate their time. Nothing here tests hashing strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The read replica of production (core.db_router), here the test mirror of ``default``: reads the
# router sends there reach the same test database, over a connection of their own, on SQLite and
# on CI's PostgreSQL alike. Routing stays off (READ_REPLICA) but where tests/core/test_db_router.py
# switches it on: other tests do not declare the alias.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = False
