"""The report preview's 逾期未完成整改措施: the figure, its drill-down, the hint and the appendix
table count the same measures (a 2025 preview once said 2 in one place and 3 in another: the
hint counted every round's overdue measures, the figure only the year's round)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from rectification.models import Measure
from reports.appendix import appendix_tables
from reports.hints import hints_for
from reports.metrics import collect_ids, compile_year
from tests.factories import DepartmentFactory
from tests.reports.factories import round_with_measures

pytestmark = pytest.mark.django_db


def _overdue(rnd, n, *, department):
    past = timezone.localdate() - dt.timedelta(days=3)
    ids = list(Measure.objects.filter(problem__round=rnd).order_by("pk").values_list("pk", flat=True)[:n])
    Measure.objects.filter(pk__in=ids).update(due_date=past, lead_department=department)


def test_figure_drill_hint_and_table_count_the_same_overdue_measures():
    year = timezone.localdate().year - 1
    dept = DepartmentFactory(name="综合处")
    this_year = round_with_measures("市委第三巡察组", dt.date(year, 3, 1), problems=4)
    earlier = round_with_measures("市委第一巡察组", dt.date(year - 2, 3, 1), problems=2)
    Measure.objects.update(due_date=timezone.localdate() + dt.timedelta(days=90))
    _overdue(this_year, 2, department=dept)
    _overdue(earlier, 1, department=dept)  # another round's: not the year's report's
    signed = Measure.objects.filter(problem__round=this_year, due_date__gte=timezone.localdate()).first()
    signed.status, signed.due_date = "signed_off", timezone.localdate() - dt.timedelta(days=9)
    signed.save()  # overdue by date but signed off: not overdue

    figures = compile_year(year)
    collect_ids(year, figures)
    assert figures["measures_overdue"].value == 2
    assert len(figures["measures_overdue"].ids) == 2

    hint = next(h["text"] for h in hints_for(year, figures) if "逾期" in h["text"] and h["section"] == "problems")
    assert re.search(r"仍有(\d+)项措施逾期", hint).group(1) == "2"
    assert "综合处2项" in hint

    table = next(t for t in appendix_tables(year)["sheets"] if t["name"] == "整改完成情况")
    total_row = table["rows"][-1]
    assert total_row[0] == "合计" and total_row[table["header"].index("逾期")] == 2
