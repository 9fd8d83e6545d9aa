"""``celery -A tests.reminders.worker_app worker``: the project's Celery app, plus the
stand-in source of the tests registered in the worker before it runs a task."""

import time
from pathlib import Path

from celery.signals import task_prerun

from config.celery import app

__all__ = ["app"]


@task_prerun.connect
def _register_standin(**kwargs):
    from tests.reminders.standin import register_standin

    register_standin()


@app.task(name="tests.reminders.slow_task")
def slow_task(seconds, marker):
    """A task that is still running when the test takes the broker away; leaves a marker file."""
    time.sleep(seconds)
    Path(marker).write_text("done")
