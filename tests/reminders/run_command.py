"""``python -m tests.reminders.run_command send_reminders …``: a management command run
in its own process with the stand-in source registered (as the worker has it)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.reminders.worker_settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tests.reminders.standin import register_standin

    register_standin()
    call_command(*sys.argv[1:])
