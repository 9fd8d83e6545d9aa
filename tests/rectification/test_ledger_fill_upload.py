"""Uploading a filled sheet: the preview, the write, and every refusal with nothing written."""

import io
import tracemalloc

import pytest
from django.utils import timezone

from rectification import services
from rectification.ledger import LedgerInvalid, export_ledger
from rectification.ledger.fill import apply_progress_upload, check_progress_upload
from rectification.ledger.fill.check import STALE, UNKNOWN
from rectification.ledger.fill.export import KEY_COLUMN
from rectification.ledger.fill.read import NOT_OURS
from rectification.models import Measure, MeasureReview, MeasureStatus, ProgressUpdate
from rectification.services.progress import PROGRESS_DENIED
from tests.hostile.bombs import sheet_xml, text_row, workbook
from tests.rectification.factories import MeasureFactory, ProblemFactory
from tests.rectification.fill_helpers import as_bytes, export, fill, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(measure_a, measure_b, measure_co, office_a):
    measure_a.status = MeasureStatus.IN_PROGRESS
    measure_a.save()
    ProgressUpdate.objects.create(measure=measure_a, text="已起草学习计划", author=office_a)
    return measure_a, measure_b, measure_co


def _state():
    return (
        ProgressUpdate.objects.count(),
        MeasureReview.objects.count(),
        sorted(Measure.objects.values_list("pk", "version", "status")),
    )


def _refused(user, data):
    before = _state()
    with pytest.raises(LedgerInvalid) as caught:
        apply_progress_upload(user=user, source=data)
    assert _state() == before
    return caught.value.issues


def test_changed_rows_become_notes_and_a_submission(measures, office_a, today):
    measure_a, _b, measure_co = measures
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    row_a = fill(ws, "甲部门牵头的措施", progress="已起草学习计划；已印发实施", completion="已完成")
    row_co = fill(ws, "乙牵头甲配合的措施", progress="已配合提供材料")
    data = as_bytes(wb)

    plan = check_progress_upload(user=office_a, source=data)
    assert ProgressUpdate.objects.count() == 1  # a dry run
    assert (len(plan.changes), plan.unchanged, plan.submits) == (2, 0, 1)
    first = plan.changes[0]
    assert (first.row, first.measure_id, first.submit) == (row_a, measure_a.pk, True)
    assert first.measure_label.startswith(f"问题{measure_a.problem.order}-措施{measure_a.order} 甲部门")
    assert (first.old_progress, first.new_progress) == ("已起草学习计划", "已印发实施")
    assert (first.old_completion, first.new_completion) == ("推进中", "已完成")
    assert plan.as_dict()["changes"][1]["new_progress"] == "已配合提供材料"

    apply_progress_upload(user=office_a, source=data)
    note = ProgressUpdate.objects.filter(measure=measure_a).order_by("-id").first()
    assert (note.text, note.author, note.date, note.department_id) == (
        "已印发实施",
        office_a,
        timezone.localdate(),
        measure_a.lead_department_id,
    )
    assert f"来自台账（工作表“{ws.title}”第{row_a}行）" in note.history.first().history_change_reason
    measure_a.refresh_from_db()
    assert measure_a.status == MeasureStatus.SUBMITTED and measure_a.submitted_by == office_a
    measure_co.refresh_from_db()
    assert measure_co.status == MeasureStatus.IN_PROGRESS  # a first note starts it
    assert measure_co.reviews.get().action == MeasureReview.Action.START
    co_note = measure_co.progress.get()
    assert co_note.department_id != measure_co.lead_department_id  # reported for the co-department
    assert f"第{row_co}行" in co_note.history.first().history_change_reason


def test_unchanged_rows_write_nothing(measures, office_a):
    wb, _count = export(office_a)
    before = _state()
    plan = apply_progress_upload(user=office_a, source=as_bytes(wb))
    assert (plan.changes, plan.unchanged) == ([], 2)
    assert _state() == before


def test_a_changed_completion_alone_needs_no_note(measures, office_a):
    measure_co = measures[2]
    wb, _count = export(office_a)
    fill(wb.worksheets[0], "乙牵头甲配合的措施", completion="推进中")
    plan = apply_progress_upload(user=office_a, source=as_bytes(wb))
    assert plan.changes[0].start and not plan.changes[0].new_progress
    measure_co.refresh_from_db()
    assert measure_co.status == MeasureStatus.IN_PROGRESS and not measure_co.progress.exists()


def test_another_departments_row_is_an_unknown_key(measures, inspector, office_a):
    wb, _count = export(inspector)  # every department's rows
    ws = wb.worksheets[0]
    fill(ws, "乙部门牵头的措施", progress="越权填写")
    fill(ws, "甲部门牵头的措施", progress="已起草学习计划，继续推进")
    issues = _refused(office_a, as_bytes(wb))
    assert [(i.row, i.reason) for i in issues] == [(row_of(ws, "乙部门牵头的措施"), UNKNOWN)]


def test_a_forged_key_and_a_duplicate_are_refused(measures, office_a):
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    row = fill(ws, "甲部门牵头的措施", progress="新进展")
    ws[f"{KEY_COLUMN}{row}"] = ws[f"{KEY_COLUMN}{row}"].value.replace(":", "0:", 1)
    other = row_of(ws, "乙牵头甲配合的措施")
    ws.insert_rows(other + 1)
    for col in range(1, 15):
        ws.cell(other + 1, col).value = ws.cell(other, col).value
    issues = _refused(office_a, as_bytes(wb))
    reasons = [i.reason for i in issues]
    assert UNKNOWN in reasons and any("出现了两次" in r for r in reasons)


def test_who_may_not_report_or_submit(measures, inspector, office_a):
    wb, _count = export(inspector)
    fill(wb.worksheets[0], "甲部门牵头的措施", progress="纪检干部代填")
    assert [i.reason for i in _refused(inspector, as_bytes(wb))] == [PROGRESS_DENIED]
    wb, _count = export(office_a)
    fill(wb.worksheets[0], "乙牵头甲配合的措施", progress="已配合", completion="已完成")  # a co-department
    assert "只有牵头部门的联络员可以申请销号" in _refused(office_a, as_bytes(wb))[0].reason


def test_changed_structure_columns_are_refused(measures, office_a):
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    row = fill(ws, "甲部门牵头的措施", progress="新进展")
    ws[f"C{row}"] = "改过的措施"
    ws[f"F{row}"] = "别的部门"
    ws[f"I{row}"] = "2099-12-31"
    issues = _refused(office_a, as_bytes(wb))
    assert sorted(i.column for i in issues) == ["C（整改措施）", "F（责任部门）", "I（完成时限）"]


def test_a_measure_changed_since_the_export_is_stale(measures, office_a, office_b):
    measure_a = measures[0]
    wb, _count = export(office_a)
    fill(wb.worksheets[0], "甲部门牵头的措施", progress="新进展")
    services.progress_add(user=office_a, measure=measure_a, text="网页上填的进展")
    assert [i.reason for i in _refused(office_a, as_bytes(wb))] == [STALE]


def test_archived_and_signed_off_measures(measures, office_a, supervisor):
    measure_a, _b, measure_co = measures
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    fill(ws, "甲部门牵头的措施", progress="新进展")
    fill(ws, "乙牵头甲配合的措施", progress="新进展")
    Measure.objects.filter(pk=measure_a.pk).update(status=MeasureStatus.SIGNED_OFF)
    Measure.objects.filter(pk=measure_co.pk).update(archived_at=timezone.now())
    reasons = {i.reason for i in _refused(office_a, as_bytes(wb))}
    assert reasons == {"该整改措施已归档，不能填报进展", "该措施已销号，不能再填报进展"}


def test_bad_words_long_texts_and_a_submission_without_progress(measures, office_a, measure_b, office_b):
    wb, _count = export(office_a)
    ws = wb.worksheets[0]
    fill(ws, "甲部门牵头的措施", completion="差不多了")
    fill(ws, "乙牵头甲配合的措施", progress="长" * 5001)
    issues = _refused(office_a, as_bytes(wb))
    assert any("完成情况只能填写“推进中”、“已完成”" in i.reason for i in issues)
    assert any("超过 5000 字" in i.reason for i in issues)
    wb, _count = export(office_b)
    fill(wb.worksheets[0], "乙部门牵头的措施", completion="已完成")
    assert "申请销号前请先在“整改进展”中填写" in _refused(office_b, as_bytes(wb))[0].reason


def test_a_plain_ledger_is_not_a_fill_in_sheet(measures, office_a, rnd):
    buffer = io.BytesIO()
    export_ledger(user=office_a, round=rnd, out=buffer)
    issues = _refused(office_a, buffer.getvalue())
    assert [i.reason for i in issues] == [NOT_OURS]
    with pytest.raises(LedgerInvalid):
        check_progress_upload(user=office_a, source=b"not a workbook")


@pytest.mark.parametrize("size", [3, 30])
def test_upload_queries_are_bounded(size, rnd, dept_a, office_a, django_assert_max_num_queries):
    names = []
    for i in range(size):
        m = MeasureFactory(problem=ProblemFactory(round=rnd, order=i + 1), lead_department=dept_a)
        names.append(m.content)
    wb, _count = export(office_a)
    for name in names:
        fill(wb.worksheets[0], name, progress=f"{name}的进展")
    data = as_bytes(wb)
    office_a.refresh_from_db()
    # actor; lock, facts, co-departments, imported history; notes and their history; the started
    # measures (load, update, history), their reviews (+history); audit log; savepoints
    with django_assert_max_num_queries(22):
        plan = apply_progress_upload(user=office_a, source=data)
    assert len(plan.changes) == size
    assert ProgressUpdate.objects.filter(measure__problem__round=rnd).count() == size


@pytest.mark.parametrize(
    "shape, reason",
    [
        ("rows", "超过 200000 行"),
        ("columns", "超过 200 列的上限"),
    ],
)
def test_hostile_files_are_refused_cheaply(shape, reason, office_a):
    header = text_row(1, "序号", "问题", "整改措施", "措施标识（系统导出，请勿修改）")
    if shape == "rows":
        data = workbook(sheet_xml(header + text_row(1_000_000, "x")))
    else:
        rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 101))
        data = workbook(sheet_xml(rows, dimension="A1:XFD100"))
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        issues = _refused(office_a, data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024
    assert any(reason in i.reason for i in issues)


def test_round_trip_a_second_export_carries_the_new_state(measures, office_a):
    measure_a = measures[0]
    wb, _count = export(office_a)
    fill(wb.worksheets[0], "甲部门牵头的措施", progress="已起草学习计划；已召开专题会")
    apply_progress_upload(user=office_a, source=as_bytes(wb))
    again, _count = export(office_a)
    ws = again.worksheets[0]
    assert ws[f"K{row_of(ws, '甲部门牵头的措施')}"].value == "已召开专题会"  # the latest note
    # the old sheet is stale now for the changed row; the new one uploads cleanly unchanged
    assert [i.reason for i in _refused(office_a, as_bytes(wb))] == [STALE]
    plan = apply_progress_upload(user=office_a, source=as_bytes(again))
    assert (plan.changes, plan.unchanged) == ([], 2)
    assert measure_a.progress.count() == 2
