"""Integration: a real ``celery worker`` subprocess (never eager mode) runs the scan and
sends the digests; the broker is stopped mid-run and nothing is lost once it is back.

Both legs run both tests:
* SQLite + filesystem broker: the worker reads the file test database; the broker is a
  folder of this test's own. "Down" is that queue folder gone (with whatever was queued
  in it), as when the share it lives on disappears.
* PostgreSQL + Redis (``CELERY_BROKER_URL=redis://…``): the test starts its OWN
  ``redis-server`` on a unix socket in a private folder (no port, no database number
  shared with any other run) so it can stop and restart it; "down" is that server stopped
  (no persistence: what was queued is gone). Without the binary that leg fails loudly.

Nothing is shared between concurrent runs (``-n 2``, other checkouts): the database is
pytest-django's per-worker test database, and broker, mail folder and logs live in
per-test temporary folders. Mail goes to a file-based backend
(tests/reminders/worker_settings.py) the test reads. Every wait is bounded and every
subprocess is killed at the end.
"""

import datetime as dt
import email
import email.policy
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from deadlines.models import CalendarDay, CalendarYear
from reminders.models import DeliverySettings, Notification, OutboxMessage, Reminder, ScanRun
from tests.factories import make_user
from tests.reminders.standin import SOURCE_KEY

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT = 90  # seconds, upper bound of every wait
REDIS_LEG = os.environ.get("CELERY_BROKER_URL", "").startswith(("redis://", "rediss://"))


def _wait_for(predicate, what, timeout=WAIT, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        for proc in procs:
            if proc.popen.poll() is not None:
                pytest.fail(f"{proc.name} exited ({proc.popen.returncode}) while waiting for {what}:\n{proc.tail()}")
        time.sleep(0.3)
    logs = "\n".join(f"--- {p.name} ---\n{p.tail()}" for p in procs)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{logs}")


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            pytest.fail(f"the worker needs a file test database a second process can open; got {name!r}")
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.fail(f"no worker integration for database vendor {connection.vendor!r}")


class Proc:
    def __init__(self, name, args, env, log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._fh = self.log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603 - fixed argv
            args, cwd=settings.BASE_DIR, env=env, stdout=self._fh, stderr=subprocess.STDOUT, start_new_session=True
        )

    def tail(self, chars: int | None = 4000) -> str:
        text = self.log.read_text(errors="replace")
        return text[-chars:] if chars else text

    def stop(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=15)
        self._fh.close()


class FolderBroker:
    """The filesystem broker in this test's own folder (REM_TEST_BROKER_DIR)."""

    def __init__(self, harness):
        self.root = harness.tmp / "broker"
        for sub in ("control", "processed"):
            (self.root / sub).mkdir(parents=True)
        self.outages = 0
        harness.env.pop("CELERY_BROKER_URL", None)
        harness.env["REM_TEST_BROKER_DIR"] = str(self.root)

    def start(self):
        (self.root / "queue").mkdir()  # empty: what was queued at the outage went with the folder

    def stop(self):
        self.outages += 1
        (self.root / "queue").rename(self.root / f"queue.lost{self.outages}")

    def close(self):
        pass


class RedisBroker:
    """A redis-server of this test's own, on a unix socket in a private folder."""

    def __init__(self, harness):
        self.harness = harness
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server not found on PATH: the PostgreSQL+Redis leg needs it to run its own broker")
        # A short folder of its own: unix socket paths are limited to ~100 characters.
        self.dir = Path(tempfile.mkdtemp(prefix="rem-redis-"))
        self.socket = self.dir / "redis.sock"
        harness.env["CELERY_BROKER_URL"] = f"redis+socket://{self.socket}"
        self.proc = None

    def start(self):
        args = [self.binary, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700"]
        args += ["--dir", str(self.dir), "--save", "", "--appendonly", "no"]
        self.proc = self.harness.spawn("redis", args)
        _wait_for(
            lambda: "ready to accept connections" in self.proc.tail().lower(),
            "redis-server to start",
            procs=[self.proc],
        )

    def stop(self):
        self.proc.stop()
        self.harness.procs.remove(self.proc)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Harness:
    """The subprocesses of one test: broker, worker, one-shot commands."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir()
        self.procs: list[Proc] = []
        self._spawned = itertools.count()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
            "DATA_DIR": str(tmp / "data"),
            "DATABASE_URL": _database_url(),
            "REM_TEST_MAIL_DIR": str(self.mail_dir),
            "REMINDER_CHANNELS": "email",
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
        }
        self.broker = RedisBroker(self) if REDIS_LEG else FolderBroker(self)

    def spawn(self, name, args) -> Proc:
        proc = Proc(f"{name}-{next(self._spawned)}", args, self.env, self.tmp)
        self.procs.append(proc)
        return proc

    def start_worker(self, *, production=False):
        """A worker; ``production``: as the README's systemd unit runs it (prefork, gossip, mingle)."""
        celery = [sys.executable, "-m", "celery", "-A", "tests.reminders.worker_app"]
        options = ["-P", "prefork", "-c", "1"] if production else ["-P", "solo", "--without-gossip", "--without-mingle"]
        self.worker = self.spawn("worker", [*celery, "worker", "-l", "INFO", *options, "-n", "rem@%h"])
        _wait_for(lambda: " ready." in self.worker.tail(), "the celery worker to be ready", procs=[self.worker])

    def call_task(self, task, *task_args):
        """Publish a task as beat would (``celery call``), in its own process."""
        args = [sys.executable, "-m", "celery", "-A", "tests.reminders.worker_app", "call", task]
        if task_args:
            args += ["--args", json.dumps(task_args)]
        proc = subprocess.run(  # noqa: S603
            args, cwd=settings.BASE_DIR, env=self.env, capture_output=True, text=True, timeout=WAIT
        )
        assert proc.returncode == 0, proc.stderr

    def run_command(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.reminders.run_command", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )

    def mails(self) -> list:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk.strip() + "\n", policy=email.policy.default))
        return messages

    def close(self):
        for proc in reversed(self.procs):
            proc.stop()
        self.broker.close()


@pytest.fixture
def harness(tmp_path):
    h = Harness(tmp_path)
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def sending_now(db):
    """Mail may go out now: today is a working day and the window is the whole day."""
    today = timezone.localdate()
    year, _ = CalendarYear.objects.get_or_create(year=today.year, defaults={"source": "测试"})
    CalendarDay.objects.update_or_create(date=today, defaults={"calendar": year, "is_workday": True, "name": "测试"})
    window = DeliverySettings.load()
    window.mail_start, window.mail_end = dt.time(0, 0), dt.time(23, 59, 59)
    window.save()
    return today


def _addresses(mails):
    return sorted(str(m["To"]) for m in mails)


def test_worker_runs_the_daily_scan_and_sends_one_digest_each(harness, ladder, make_item, sending_now):
    # Given two items of the responsible person: one due today, one overdue by a day
    today = sending_now
    make_item(today)
    make_item(today - dt.timedelta(days=1))
    harness.broker.start()
    harness.start_worker()
    # When beat's task is published and the worker runs it
    harness.call_task("reminders.tasks.daily_scan_task")
    _wait_for(
        lambda: OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 4,
        "four digests sent",
        procs=[harness.worker],
    )
    # Then: reminders and in-app notifications for everyone on the ladder ...
    assert ScanRun.objects.get().trigger == "beat"
    assert Reminder.objects.filter(source=SOURCE_KEY).count() == 2 + 4
    assert Notification.objects.filter(user=ladder.person).count() == 2
    # ... and exactly one mail per person, the responsible person's listing both items
    mails = harness.mails()
    assert _addresses(mails) == sorted(["zeren@example.cn", "fenguan@example.cn", "cz@example.cn", "zz@example.cn"])
    (digest,) = [m for m in mails if str(m["To"]) == "zeren@example.cn"]
    assert "您有2项事项需要办理" in str(digest["Subject"])
    # A second beat run the same day makes nothing new
    harness.call_task("reminders.tasks.daily_scan_task")
    _wait_for(lambda: ScanRun.objects.count() == 2, "the second scan", procs=[harness.worker])
    assert ScanRun.objects.order_by("id").last().created == 0
    time.sleep(1)
    assert len(harness.mails()) == 4


def test_broker_outage_delays_mail_but_loses_nothing(harness, ladder, make_item, sending_now):
    today = sending_now
    harness.broker.start()
    harness.start_worker()
    # Given a first wave reminded and mailed normally
    make_item(today)
    harness.call_task("reminders.tasks.daily_scan_task")
    _wait_for(lambda: len(harness.mails()) == 2, "the first wave's two mails", procs=[harness.worker])
    # When the broker goes down mid-run ...
    harness.broker.stop()
    newcomer = make_user(username="xinren_w", person_name="新责任人", email="xr@example.cn")
    new_leader = make_user(username="xinlingdao_w", person_name="新分管领导", email="xl@example.cn")
    make_item(today, person=newcomer, leader=new_leader)
    # ... and a scan runs: it commits, cannot queue the send task, and says so
    run = harness.run_command("send_reminders")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "total created: 2"
    assert "sweeper will send" in run.stderr
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 2
    assert Notification.objects.filter(user__in=[newcomer, new_leader]).count() == 2  # in-app at once
    assert len(harness.mails()) == 2
    # Then once the broker is back ...
    harness.broker.start()
    if "Unrecoverable error" in harness.worker.tail(chars=None):
        # kombu's filesystem transport does not reconnect: a worker whose queue folder
        # vanished stops, and its supervisor (systemd) starts it again. Over Redis the
        # same worker must ride the outage out.
        assert not REDIS_LEG, harness.worker.tail()
        _wait_for(lambda: harness.worker.popen.poll() is not None, "the failed worker to exit")
        harness.start_worker()
    assert harness.worker.popen.poll() is None, harness.worker.tail()
    # ... the sweeper (beat, every 10 minutes) sends what is pending
    harness.call_task("reminders.tasks.sweep_outbox_task")
    _wait_for(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists(),
        "every digest sent after the outage",
        procs=[harness.worker],
    )
    # one mail per person, nothing lost, nothing twice
    mails = harness.mails()
    assert _addresses(mails) == sorted(["zeren@example.cn", "fenguan@example.cn", "xr@example.cn", "xl@example.cn"])
    assert OutboxMessage.objects.count() == 4


def test_worker_survives_a_redis_outage_with_a_task_in_flight(harness, tmp_path, ladder):
    """Issue 11, failure 3: the worker must outlive Redis going away while it runs a task.

    Always over a redis-server of the test's own (whatever the leg's broker), with the
    worker started as production starts it (prefork, gossip, mingle).
    """
    harness.env.pop("REM_TEST_BROKER_DIR", None)
    harness.broker = RedisBroker(harness)
    harness.broker.start()
    harness.start_worker(production=True)
    first, second = tmp_path / "first.done", tmp_path / "second.done"
    # Given a task running in the worker
    harness.call_task("tests.reminders.slow_task", 4, str(first))
    _wait_for(lambda: "slow_task[" in harness.worker.tail(chars=None), "the slow task to start", procs=[harness.worker])
    # When Redis goes away (nothing persisted) and comes back a few seconds later
    harness.broker.stop()
    _wait_for(
        lambda: "Connection to broker lost" in harness.worker.tail(chars=None),
        "the worker to notice the outage",
        procs=[harness.worker],
    )
    time.sleep(2)
    harness.broker.start()
    _wait_for(
        lambda: harness.worker.tail(chars=None).count("Connected to redis") >= 2,
        "the worker to reconnect",
        procs=[harness.worker],
    )
    # Then the same worker is alive, finished the task in flight, and runs the next one
    harness.call_task("tests.reminders.slow_task", 0, str(second))
    _wait_for(second.exists, "the next task to run after the outage", procs=[harness.worker])
    log = harness.worker.tail(chars=None)
    assert harness.worker.popen.poll() is None and "Unrecoverable error" not in log, log[-4000:]
    assert first.exists()
