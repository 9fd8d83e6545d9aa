import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from organization.roles import Role
from tests.factories import DepartmentFactory, make_user


# FROZEN_AT moves the clock, so that a test which depends on the date or the hour fails in CI
# (.ci/run loops over such instants) and not at a user's desk. Each instant is a Shanghai wall-clock
# time (2026-10-01T23:59) or an ISO instant with its offset; the clock keeps ticking from there.
# One instant: the whole session runs at it (collection included). Several, comma-separated: every
# selected test runs once at each of them (one database set-up for all, which is what makes a month
# of instants affordable).
def _frozen_instants():
    instants = []
    for text in filter(None, (part.strip() for part in os.environ.get("FROZEN_AT", "").split(","))):
        instant = dt.datetime.fromisoformat(text)
        instants.append(instant if instant.tzinfo else instant.replace(tzinfo=ZoneInfo("Asia/Shanghai")))
    return instants


_traveller = None


def pytest_configure(config):
    global _traveller
    instants = _frozen_instants()
    if len(instants) == 1:
        _traveller = time_machine.travel(instants[0], tick=True)
        _traveller.start()


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()


def pytest_report_header(config):
    if os.environ.get("FROZEN_AT"):
        return f"clock moved to FROZEN_AT={os.environ['FROZEN_AT']} (Asia/Shanghai unless an offset is given)"


def pytest_generate_tests(metafunc):
    instants = _frozen_instants()
    if len(instants) > 1 and "_frozen_instant" in metafunc.fixturenames:
        ids = [f"at{instant.strftime('%Y%m%d%H%M%z')}" for instant in instants]
        metafunc.parametrize("_frozen_instant", instants, ids=ids, indirect=True)


@pytest.fixture(autouse=True)
def _frozen_instant(request):
    """First of the autouse fixtures, so that every fixture after it sees the moved clock."""
    instant = getattr(request, "param", None)
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def dept_a(db):
    return DepartmentFactory(name="受理一处")


@pytest.fixture
def dept_b(db):
    return DepartmentFactory(name="督办处")


@pytest.fixture
def inspector(db):
    return make_user(Role.INSPECTOR, username="inspector", person_name="纪检干部甲")


@pytest.fixture
def supervisor(db):
    return make_user(Role.SUPERVISOR, username="supervisor", person_name="纪检组长")


@pytest.fixture
def leader(db):
    return make_user(Role.LEADER, username="leader", person_name="分管领导", is_leader=True)


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="sysadmin", person_name="系统管理员", superuser=True)


@pytest.fixture
def office_a(dept_a):
    return make_user(Role.OFFICE, departments=[dept_a], username="office_a", person_name="联络员甲")


@pytest.fixture
def office_b(dept_b):
    return make_user(Role.OFFICE, departments=[dept_b], username="office_b", person_name="联络员乙")


@pytest.fixture
def api():
    """An APIClient; call ``api.force_authenticate(user)`` or use ``api_as``."""
    return APIClient()


@pytest.fixture
def eager():
    """Celery tasks run at once in this process (CELERY_TASK_ALWAYS_EAGER): a job queued on commit
    runs when ``django_capture_on_commit_callbacks(execute=True)`` ends, as the worker would run it."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def api_as():
    def _make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _make


def pytest_terminal_summary(terminalreporter):
    """Say plainly, at the end of the run, when browser tests were skipped for want of chromium."""
    from tests.browser.harness import NOT_RUN_REASON

    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NOT_RUN_REASON in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"注意：{len(skipped)} 个浏览器测试未运行——{NOT_RUN_REASON}"
            "（apt-get install -y chromium，并安装 requirements-dev.txt）",
            yellow=True,
            bold=True,
        )
