"""The fill-in sheet: layout, protection, validation list, print setup, hidden key, scoping, queries."""

import io

import pytest

from core.errors import PermissionDeniedError
from core.models import AuditLog
from rectification.ledger import columns as C
from rectification.ledger.fill import COMPLETION_WORDS, export_fill_sheet
from rectification.ledger.fill.export import COMPLETION_COLUMN, KEY_COLUMN, PROGRESS_COLUMN
from rectification.ledger.fill.key import read_key
from rectification.models import ProgressUpdate
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.fill_helpers import contents, export, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(measure_a, measure_b, measure_co, office_a):
    ProgressUpdate.objects.create(measure=measure_a, text="已起草学习计划", author=office_a)
    return measure_a, measure_b, measure_co


def test_the_two_fillable_columns_are_unlocked_and_everything_else_locked(measures, office_a):
    wb, count = export(office_a)
    ws = wb.worksheets[0]
    row = row_of(ws, "甲部门牵头的措施")
    assert count == 2
    assert ws.protection.sheet is True
    assert ws.protection.password is None  # no password: it guards against slips only
    assert ws.protection.autoFilter is False and ws.protection.sort is False  # still allowed
    assert ws.protection.formatColumns is False and ws.protection.formatRows is False
    assert ws[f"{PROGRESS_COLUMN}{row}"].protection.locked is False
    assert ws[f"{COMPLETION_COLUMN}{row}"].protection.locked is False
    for column in "ABCFI":
        assert ws[f"{column}{row}"].protection.locked is True, column
    assert ws[f"{PROGRESS_COLUMN}{row}"].value == "已起草学习计划"
    assert ws[f"{COMPLETION_COLUMN}{row}"].value == "未启动"


def test_completion_has_a_validation_list(measures, office_a):
    ws = export(office_a)[0].worksheets[0]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(COMPLETION_WORDS) + '"'
    assert COMPLETION_WORDS == ("推进中", "已完成")
    assert str(validation.sqref) == f"{COMPLETION_COLUMN}4:{COMPLETION_COLUMN}{ws.max_row}"


def test_print_setup_filter_and_frozen_header(measures, office_a):
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    assert ws["B3"].value == C.caption(C.PROBLEM)
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:L{ws.max_row}"
    row = row_of(ws, "甲部门牵头的措施")
    assert ws[f"{PROGRESS_COLUMN}{row}"].alignment.wrap_text is True


def test_the_key_column_is_hidden_and_signed(measures, office_a):
    measure_a = measures[0]
    ws = export(office_a)[0].worksheets[0]
    assert ws.column_dimensions[KEY_COLUMN].hidden is True
    assert ws[f"{KEY_COLUMN}3"].value == "措施标识（系统导出，请勿修改）"
    key = read_key(ws[f"{KEY_COLUMN}{row_of(ws, '甲部门牵头的措施')}"].value)
    assert key.measure_id == measure_a.pk and key.version == measure_a.version
    assert key.note_id == ProgressUpdate.objects.get(measure=measure_a).pk
    assert read_key(f"{measure_a.pk}.1.0.abc:forged") is None


def test_an_office_gets_only_its_own_departments_measures(measures, office_a, office_b, dept_b):
    assert sorted(contents(export(office_a)[0])) == ["乙牵头甲配合的措施", "甲部门牵头的措施"]
    assert sorted(contents(export(office_b)[0])) == ["乙牵头甲配合的措施", "乙部门牵头的措施"]
    with pytest.raises(PermissionDeniedError):
        export_fill_sheet(user=office_a, out=io.BytesIO(), department=dept_b)


def test_the_inspector_picks_any_department_or_all(measures, inspector, dept_a, dept_b):
    assert len(contents(export(inspector)[0])) == 3
    assert sorted(contents(export(inspector, department=dept_b)[0])) == ["乙牵头甲配合的措施", "乙部门牵头的措施"]
    assert sorted(contents(export(inspector, department=dept_a.pk)[0])) == ["乙牵头甲配合的措施", "甲部门牵头的措施"]


def test_one_sheet_per_round_archived_measures_left_out(measures, inspector, rnd, dept_a):
    other = RoundFactory(name="2022年市委第五巡察组对某某局党组开展的常规巡察（第二轮次）")
    MeasureFactory(problem=ProblemFactory(round=other), lead_department=dept_a, content="另一轮的措施")
    gone = MeasureFactory(problem=ProblemFactory(round=other), lead_department=dept_a, content="已归档的措施")
    gone.archive()
    wb, count = export(inspector)
    titles = [ws.title for ws in wb.worksheets]
    assert count == 4
    assert rnd.name in titles and other.name[:31] in titles
    assert "已归档的措施" not in contents(wb)
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, target__startswith="整改台账填报表").count() == 1
    only_one = export(inspector, round=rnd)[0]
    assert [ws.title for ws in only_one.worksheets] == [rnd.name]


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_rows(size, rnd, dept_a, dept_b, office_a, django_assert_max_num_queries):
    for i in range(size):
        problem = ProblemFactory(round=rnd, order=i + 1)
        m = MeasureFactory(problem=problem, lead_department=dept_a, co_departments=[dept_b] if i % 2 else [])
        ProgressUpdate.objects.create(measure=m, text=f"进展{i}")
    office_a.refresh_from_db()
    # actor, unit profile, rounds, aspects, measures, co-departments, imported history, audit log (+ savepoints)
    with django_assert_max_num_queries(14):
        count = export_fill_sheet(user=office_a, out=io.BytesIO())
    assert count == size
