"""Failure 4: small spreadsheets that expand into gigabytes are refused early and cheaply.

Each shape is built by hand in a few kilobytes (tests/hostile/bombs.py). Every import must end
in a clear Chinese refusal (or, for merges, a normal answer), write nothing, and stay under a
bounded peak of Python memory while doing so.
"""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organization.models import Department, Person
from rectification.ledger import LedgerInvalid, import_ledger
from rectification.models import Aspect, InspectionRound, Measure, Problem
from tests.hostile.bombs import shared_strings, sheet_xml, text_row, workbook
from tests.rectification.factories import RoundFactory

PEAK_LIMIT = 40 * 1024 * 1024  # generous for openpyxl's own overhead; the bombs took 0.7-2.8 GB


def _counts():
    return tuple(m.objects.count() for m in (InspectionRound, Aspect, Problem, Measure, Department, Person))


def _refusal(data):
    """Import ``data``; return the reasons given, checking nothing was written and memory stayed bounded."""
    before = _counts()
    tracemalloc.start()
    try:
        with pytest.raises(LedgerInvalid) as exc:
            import_ledger(source=data, round_name="新轮次")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_LIMIT, f"peak {peak / 2**20:.0f} MiB"
    assert _counts() == before, "a refused import must write nothing"
    return " ".join(issue.reason for issue in exc.value.issues)


HEADER = text_row(1, "序号", "问题", "整改措施")


@pytest.mark.django_db
def test_vertical_merges_over_a_million_rows_are_read_as_ranges():
    # 200 merges A2:A1048576 … (1.9 KB for 5 of them took 752 MiB when expanded per cell).
    merges = [f"{col}2:{col}1048576" for col in ("A", "B", "C")] * 67
    data = workbook(sheet_xml(HEADER + text_row(2, "1", "问题甲"), merges=merges))
    assert len(data) < 10_000
    reasons = _refusal(data)
    # The sheet is read to its end like any other: it simply has no ledger header.
    assert "表头" in reasons


@pytest.mark.django_db
def test_too_many_merged_areas_are_refused(settings):
    settings.XLSX_MAX_MERGES = 100
    merges = [f"A{2 * i}:A{2 * i + 1}" for i in range(1, 102)]
    reasons = _refusal(workbook(sheet_xml(HEADER, merges=merges)))
    assert "工作表“整改台账”的合并单元格超过 100 处" in reasons


@pytest.mark.django_db
def test_a_declared_range_of_16384_columns_is_refused_before_any_cell():
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 101))
    reasons = _refusal(workbook(sheet_xml(rows, dimension="A1:XFD100")))
    assert "工作表“整改台账”声明的范围 A1:XFD100 有 16384 列，超过 200 列的上限" in reasons


@pytest.mark.django_db
def test_a_cell_far_to_the_right_is_refused_without_a_dimension():
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 101))
    reasons = _refusal(workbook(sheet_xml(rows)))
    assert "使用了第 XFD 列，超过 200 列的上限" in reasons


@pytest.mark.django_db
def test_too_many_cells_are_counted_while_streaming(settings):
    settings.XLSX_MAX_CELLS = 1_000
    rows = "".join(text_row(n, "a", "b", "c") for n in range(1, 400))  # 1,197 cells, no dimension
    reasons = _refusal(workbook(sheet_xml(rows)))
    assert "工作表“整改台账”的单元格超过 1000 个" in reasons


@pytest.mark.django_db
def test_a_lone_row_a_million_rows_down_is_refused():
    reasons = _refusal(workbook(sheet_xml(HEADER + text_row(1_000_000, "x"))))
    assert "工作表“整改台账”超过 200000 行" in reasons


@pytest.mark.django_db
def test_a_single_huge_inline_cell_is_refused():
    data = workbook(sheet_xml(HEADER + text_row(2, "1", "字" * 40_000)))
    reasons = _refusal(data)
    assert "工作表“整改台账”的某个单元格超过 32767 个字符" in reasons


@pytest.mark.django_db
def test_a_single_huge_shared_string_is_refused():
    data = workbook(sheet_xml(HEADER), strings=shared_strings(["a" * 40_000]))
    assert "有一段文字超过 32767 个字符" in _refusal(data)


@pytest.mark.django_db
def test_a_shared_strings_bomb_is_refused_by_count(settings):
    settings.XLSX_MAX_CELLS = 10_000
    data = workbook(sheet_xml(HEADER), strings=shared_strings([""] * 50_000))
    assert len(data) < 20_000
    assert "共享字符串超过 10000 个" in _refusal(data)


@pytest.mark.django_db
def test_a_part_too_large_is_refused_from_the_zip_directory(settings):
    settings.XLSX_MAX_PART_MB = 1
    # 3 MB of shared strings deflate to a few kilobytes; the directory's size is enough to refuse.
    data = workbook(sheet_xml(HEADER), strings=shared_strings(["a" * 1000] * 3000))
    assert len(data) < 50_000
    assert "“xl/sharedStrings.xml”解压后有 3 MB，超过单个部件上限 1 MB" in _refusal(data)


@pytest.mark.django_db
def test_the_total_unpacked_size_is_capped(settings):
    settings.XLSX_MAX_UNCOMPRESSED_MB = 2
    settings.XLSX_MAX_PART_MB = 2
    rows = "".join(text_row(n, "b" * 30_000) for n in range(2, 52))  # 1.5 MB of sheet
    data = workbook(sheet_xml(HEADER + rows), strings=shared_strings(["a" * 1000] * 1500))  # + 1.5 MB
    assert "工作簿解压后共 3 MB，超过上限 2 MB" in _refusal(data)


@pytest.mark.django_db
def test_too_many_zip_members_are_refused(settings):
    settings.XLSX_MAX_MEMBERS = 50
    assert "工作簿内含 56 个文件，超过上限 50 个" in _refusal(workbook(sheet_xml(HEADER), extra_members=50))


@pytest.mark.django_db
def test_a_document_type_declaration_is_refused():
    prolog = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    reasons = _refusal(workbook(sheet_xml(HEADER, prolog=prolog)))
    assert "文档类型声明" in reasons


def test_the_api_answers_400_naming_the_cap(api_as, inspector, settings):
    settings.XLSX_MAX_COLUMNS = 2
    rnd = RoundFactory()
    upload = SimpleUploadedFile("台账.xlsx", workbook(sheet_xml(HEADER)))
    url = reverse("rectification-round-ledger-import", args=[rnd.pk])
    response = api_as(inspector).post(url, {"file": upload}, format="multipart")
    assert response.status_code == 400
    reasons = [e["reason"] for e in response.json()["detail"]["errors"]]
    assert any("使用了第 C 列，超过 2 列的上限" in r for r in reasons)
    assert not Problem.objects.filter(round=rnd).exists()
