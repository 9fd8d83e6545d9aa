"""The ledger export holds nothing that grows with the rows: XlsxWriter's constant_memory mode
writes rows to its temporary file, the merged areas go to a spool file, and a refused export
leaves neither behind."""

import datetime as dt
import io
import tempfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from core.excel import CellTooLong
from rectification.ledger import export_ledger
from rectification.ledger.fast_writer import FastLedgerWriter, SpooledMerges
from rectification.models import Problem
from tests.rectification.factories import MeasureFactory


def test_merged_areas_are_spooled_and_read_back_in_order():
    spool = SpooledMerges()
    areas = [(i, 0, i + 2, 1) for i in range(0, 30_000, 3)]
    for area in areas:
        spool.append(area)
    assert len(spool) == len(areas)
    assert spool.file.tell() == 16 * len(areas)  # on disk, 16 bytes each
    assert [tuple(a) for a in spool] == areas
    spool.close()


def test_the_export_writer_is_constant_memory_and_spools_its_merges():
    writer = FastLedgerWriter(io.BytesIO())
    assert writer.wb.constant_memory
    assert isinstance(writer.ws.merge, SpooledMerges)
    writer.save()


@pytest.mark.django_db
def test_a_refused_export_leaves_no_temporary_file(inspector, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    measure = MeasureFactory()
    MeasureFactory(problem=measure.problem)
    Problem.objects.filter(pk=measure.problem_id).update(text="长" * 40_000)
    with pytest.raises(CellTooLong):
        export_ledger(user=inspector, round=measure.problem.round, out=io.BytesIO(), record=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_an_export_leaves_no_temporary_file_and_merges_its_problems(inspector, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    measure = MeasureFactory()
    MeasureFactory(problem=measure.problem)
    out = io.BytesIO()
    assert export_ledger(user=inspector, round=measure.problem.round, out=out, record=False) == 2
    assert list(tmp_path.iterdir()) == []
    merged = {str(r) for r in load_workbook(out).active.merged_cells.ranges}
    assert {"A1:L1", "A2:L2"} <= merged
    vertical = sorted(r for r in merged if r.split(":")[1][0] == r[0])  # A4:A5 and B4:B5, or lower
    assert len(vertical) == 2 and vertical[0].replace("A", "B") == vertical[1]


def test_cells_written_as_xml_read_back_as_written():
    """The rows go to the sheet as XML made here (``fast_writer._cell``): what XlsxWriter escapes is
    escaped the same way, so the import's reader gets every value back."""
    out = io.BytesIO()
    writer = FastLedgerWriter(out)
    writer.preamble(title="标题 & <副标题>", info="信息")
    values = ["甲\r\n乙", " 前后空格 ", "x_x0041_y", "=1+1", dt.date(2026, 1, 5), 3, 1.5, None, "完成", "进展", "备注"]
    writer.problem(7, "问题", [values, values])
    writer.save()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name("整改台账")
    rows = list(sheet.iter_rows())
    assert rows[0][0] == "标题 & <副标题>"
    assert rows[3][:13] == [
        7.0,
        "问题",
        "甲\r\n乙",
        " 前后空格 ",
        "x_x0041_y",
        "'=1+1",
        dt.date(2026, 1, 5),
        3.0,
        1.5,
        "",
        "完成",
        "进展",
        "备注",
    ]
    assert rows[4][:2] == ["", ""]
    assert sheet.merged_cell_ranges == [((0, 0), (0, 11)), ((1, 0), (1, 11)), ((3, 0), (4, 0)), ((3, 1), (4, 1))]
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    assert ws.dimensions == "A1:M5" and ws["G4"].is_date and ws["G4"].number_format == "yyyy-mm-dd"
    assert ws["A1"].font.name == "方正小标宋简体" and ws["A3"].border.left.style == "thin"
