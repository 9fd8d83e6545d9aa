"""Every writing hint counts only the report's year: records of the year before and after never count."""

import datetime as dt

import pytest
from django.utils import timezone

from discipline.models import Recommendation
from reports.hints import hints_for
from reports.metrics import compile_year
from tests.factories import DepartmentFactory
from tests.reports.factories import RiskPointFactory, category, petition_row, recommendation_row, round_with_measures

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 2  # the year before and after are both in the past


def _overdue_letter(user, dept, issued_on):
    letter = recommendation_row(user, dept, issued_on)
    Recommendation.objects.filter(pk=letter.pk).update(reply_due_date=issued_on + dt.timedelta(days=30))


def _texts(year):
    return [h["text"] for h in hints_for(year, compile_year(year))]


def test_overdue_letters_hint_counts_only_the_years_letters(supervisor):
    dept = DepartmentFactory(name="财务科")
    _overdue_letter(supervisor, dept, dt.date(YEAR, 5, 1))
    for year in (YEAR - 1, YEAR + 1):
        _overdue_letter(supervisor, dept, dt.date(year, 5, 1))
        _overdue_letter(supervisor, dept, dt.date(year, 12, 31))
    texts = [t for t in _texts(YEAR) if "建议书超期未回复" in t]
    assert texts == ["纪律检查建议书超期未回复：财务科1份，可在存在问题中反映整改落实不够及时。"]
    assert any("财务科2份" in t for t in _texts(YEAR + 1))


def test_no_overdue_letter_in_the_year_no_hint(supervisor):
    dept = DepartmentFactory()
    _overdue_letter(supervisor, dept, dt.date(YEAR - 1, 12, 31))
    _overdue_letter(supervisor, dept, dt.date(YEAR + 1, 1, 1))
    assert not any("建议书超期未回复" in t for t in _texts(YEAR))


def test_risk_petition_and_measure_hints_ignore_neighbouring_years(supervisor):
    dept = DepartmentFactory(name="综合科")
    RiskPointFactory(category=category("工单受理"), date=dt.date(YEAR, 6, 1), shortcoming_count=2)
    for day in (dt.date(YEAR - 1, 12, 31), dt.date(YEAR + 1, 1, 1)):
        RiskPointFactory(category=category("财务管理"), date=day, shortcoming_count=9)
        petition_row(supervisor, day, "其他")
        round_with_measures("市委第五巡察组", day, problems=3, department=dept)  # overdue measures of other years
    petition_row(supervisor, dt.date(YEAR, 3, 1), "其他")
    round_with_measures("市委第三巡察组", dt.date(YEAR, 3, 1), problems=1, department=dept)
    texts = _texts(YEAR)
    assert any("“工单受理”类查出的制度措施短板最多（2条）" in t for t in texts)
    assert not any("财务管理" in t for t in texts)
    assert any("“其他”（1件，上年为1件）" in t for t in texts)
    assert any("巡察整改仍有1项措施逾期未完成（综合科1项）" in t for t in texts)
