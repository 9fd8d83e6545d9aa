import datetime as dt

import pytest
from django.utils import timezone

from organization.roles import Role
from rectification.models import MeasureStatus
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.importing import FEEDBACK


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def rnd(db):
    return RoundFactory(name="2021年市委第三巡察组巡察")


@pytest.fixture
def problem(rnd):
    return ProblemFactory(round=rnd, text="理论学习中心组学习以读文件为主")


@pytest.fixture
def measure_a(problem, dept_a):
    """Led by dept_a (office_a's department)."""
    return MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门牵头的措施")


@pytest.fixture
def measure_b(problem, dept_b):
    """Led by dept_b only: office_a must never see it."""
    return MeasureFactory(problem=problem, lead_department=dept_b, content="乙部门牵头的措施")


@pytest.fixture
def measure_co(problem, dept_a, dept_b):
    """Led by dept_b with dept_a co-operating: both offices see it."""
    return MeasureFactory(
        problem=problem, lead_department=dept_b, co_departments=[dept_a], content="乙牵头甲配合的措施"
    )


@pytest.fixture
def other_round_measure(dept_b):
    """A measure of another round, led by dept_b only."""
    return MeasureFactory(problem=ProblemFactory(round=RoundFactory(name="另一轮巡察")), lead_department=dept_b)


@pytest.fixture
def office_and_supervisor(dept_a):
    """One person holding both roles: may submit, and may review — but never their own submission."""
    return make_user(Role.OFFICE, Role.SUPERVISOR, departments=[dept_a], username="both", person_name="兼任者")


@pytest.fixture
def in_progress(measure_a):
    measure_a.status = MeasureStatus.IN_PROGRESS
    measure_a.save()
    return measure_a


def days(n):
    return dt.timedelta(days=n)


@pytest.fixture
def empty_round(db):
    """A round with a feedback date and nothing in it yet: what a ledger is imported into."""
    return RoundFactory(name="2021年市委第三巡察组巡察", feedback_date=FEEDBACK)
