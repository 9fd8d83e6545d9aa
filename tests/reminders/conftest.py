"""The people of the ladder, items of the stand-in source (tests/reminders/standin.py)."""

import datetime as dt
import zoneinfo

import pytest

from core.models import AccessGrant
from deadlines.models import Unit
from organization.models import UnitProfile
from organization.roles import Role
from reminders.sources import register_source, unregister_source
from tests.factories import DepartmentFactory, make_user
from tests.reminders.standin import grant_source

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour=7, minute=30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@pytest.fixture
def source(db):
    registered = register_source(grant_source())
    yield registered
    unregister_source(registered.key)


@pytest.fixture
def workday_source(db):
    registered = register_source(grant_source(Unit.WORKDAY, key="test.grant.workday"))
    yield registered
    unregister_source(registered.key)


class Ladder:
    """The five people of the default ladder, each with a login and an e-mail address."""

    def __init__(self):
        self.department = DepartmentFactory(name="督办测试处")
        self.person = make_user(
            Role.OFFICE,
            username="zeren",
            person_name="责任人甲",
            departments=[self.department],
            email="zeren@example.cn",
        )
        self.leader = make_user(Role.LEADER, username="fenguan", person_name="分管领导乙", email="fenguan@example.cn")
        self.head = make_user(
            Role.OFFICE, username="chuzhang", person_name="处长丙", departments=[self.department], email="cz@example.cn"
        )
        self.supervisor = make_user(
            Role.SUPERVISOR, username="zuzhang_t", person_name="纪检组长丁", email="zz@example.cn"
        )
        self.principal = make_user(Role.LEADER, username="juzhang", person_name="局长戊", email="jz@example.cn")
        self.department.head = self.head.person
        self.department.save()
        unit = UnitProfile.load()
        unit.principal_leader = self.principal.person
        unit.save()

    def pid(self, *names):
        return {getattr(self, n).person.pk for n in names}


@pytest.fixture
def ladder(db):
    return Ladder()


@pytest.fixture
def make_item(ladder):
    counter = iter(range(1, 10_000))

    def _make(due: dt.date, *, person=None, leader=None, reason=None):
        n = next(counter)
        return AccessGrant.objects.create(
            user=person or ladder.person,
            granted_by=leader or ladder.leader,
            kind=AccessGrant.Kind.IDENTITY,
            reason=reason or f"测试事项{n}",
            expires_at=dt.datetime.combine(due, dt.time(12, 0), tzinfo=TZ),
        )

    return _make
