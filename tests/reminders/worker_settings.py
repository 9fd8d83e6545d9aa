"""Settings of the worker integration test's subprocesses: the project's settings with a
file-based e-mail backend the test can read (REM_TEST_MAIL_DIR)."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["REM_TEST_MAIL_DIR"]
