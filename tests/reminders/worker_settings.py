"""Settings of the worker integration test's subprocesses: the project's settings with a
file-based e-mail backend the test can read (REM_TEST_MAIL_DIR), and — on the filesystem
broker — the broker's folders where the test puts them (REM_TEST_BROKER_DIR).

The project's settings create their broker folders under DATA_DIR at import; the test's
own folder is NOT recreated here, so when the test takes the broker "down" (moves the
queue folder away) a process started during the outage finds no broker either."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["REM_TEST_MAIL_DIR"]

if CELERY_BROKER_URL.startswith("filesystem://") and os.environ.get("REM_TEST_BROKER_DIR"):  # noqa: F405
    _broker = os.environ["REM_TEST_BROKER_DIR"]
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": os.path.join(_broker, "queue"),
        "data_folder_out": os.path.join(_broker, "queue"),
        "processed_folder": os.path.join(_broker, "processed"),
        "control_folder": os.path.join(_broker, "control"),
        "store_processed": False,
    }
