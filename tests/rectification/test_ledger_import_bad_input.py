"""Importing ledgers: every kind of bad input is refused, listed in full, and writes nothing."""

import contextlib
import io
import random
import zipfile

import pytest

from organization.models import Department, Person
from rectification.ledger import LedgerInvalid
from tests.rectification.factories import RoundFactory
from tests.rectification.importing import import_into, ledger_issues
from tests.rectification.sheets import HEADER, basic_rows, row, sheet_bytes

# -- bad input ---------------------------------------------------------------------------------------


def _only(issues):
    assert len(issues) == 1, issues
    return issues[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "空"),
        (b"\xd0\xcf\x11\xe0 an old .xls file", ".xlsx"),
        ("序号,问题,整改措施\n1,问题,措施\n".encode(), ".xlsx"),
        (b"PK\x03\x04 truncated zip", ".xlsx"),
    ],
)
def test_files_that_are_not_xlsx(empty_round, data, reason):
    issue = _only(ledger_issues(data, empty_round))
    assert reason in issue.reason


def test_a_corrupt_xlsx(empty_round):
    good = sheet_bytes(basic_rows())
    assert ".xlsx" in _only(ledger_issues(good[: len(good) // 2], empty_round)).reason
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("hello.txt", "not a workbook")
    issue = _only(ledger_issues(buffer.getvalue(), empty_round))
    assert ".xlsx" in issue.reason


def test_an_empty_workbook(empty_round):
    issue = _only(ledger_issues(sheet_bytes([], preamble=(), header=()), empty_round))
    assert "空" in issue.reason


def test_a_sheet_without_a_header(empty_round):
    data = sheet_bytes([["一些说明文字"], ["更多文字", "另一列"]], preamble=("某某表",), header=())
    issue = _only(ledger_issues(data, empty_round))
    assert (issue.sheet, issue.reason[:7]) == ("整改台账", "未找到台账表头")


def test_a_missing_required_column(empty_round):
    header = [c for c in HEADER if c != "完成时限"]
    data = sheet_bytes([[1, "问题", "措施", "王建国", "办公室", "李静"]], header=(header,))
    issue = _only(ledger_issues(data, empty_round))
    assert (issue.sheet, issue.row, issue.column) == ("整改台账", 3, "“完成时限”")
    assert "缺少必需的列“完成时限”" in issue.reason and "整改时限" in issue.reason


def test_a_sheet_with_no_measure_rows(empty_round):
    issue = _only(ledger_issues(sheet_bytes([["一、党的政治建设方面"], ["注：无"]]), empty_round))
    assert (issue.row, "没有整改措施行" in issue.reason) == (3, True)


def test_a_blank_measure(empty_round):
    data = sheet_bytes([row("问题甲", "措施一", seq=1), row("问题乙", None, seq=2)])
    issue = _only(ledger_issues(data, empty_round))
    assert (issue.sheet, issue.row, issue.column, issue.reason) == ("整改台账", 5, "C（整改措施）", "整改措施为空")


def test_an_unreadable_deadline_names_sheet_row_column_and_value(empty_round):
    data = sheet_bytes([row("问题甲", "措施一", seq=1), row(None, "措施二", deadline="尽快")])
    issue = _only(ledger_issues(data, empty_round))
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("整改台账", 5, "G（完成时限）", "尽快")
    assert "无法识别" in issue.reason
    assert str(issue).startswith("工作表“整改台账”第5行，G（完成时限）列，值“尽快”：")


def test_every_problem_is_listed_not_just_the_first(empty_round):
    data = sheet_bytes(
        [
            row("问题甲", "措施一", seq=1, deadline="尽快"),
            row(None, None),
            row("问题乙", "措施三", seq=2, deadline="2022年3月前"),
            row("问题丙", "措施四", seq=3, deadline="2022年2月30日"),
        ]
    )
    issues = ledger_issues(data, empty_round)
    assert [(i.row, i.column[0]) for i in issues] == [(4, "G"), (5, "C"), (6, "G"), (7, "G")]


def test_a_measure_before_any_problem(empty_round):
    issue = _only(ledger_issues(sheet_bytes([row(None, "没有问题的措施")]), empty_round))
    assert (issue.row, issue.column) == (4, "B（问题）")


def test_duplicate_columns(empty_round):
    header = [*HEADER, "责任单位"]
    issue = _only(ledger_issues(sheet_bytes([row("问题", "措施", seq=1)], header=(header,)), empty_round))
    assert (issue.row, issue.column) == (3, "K")


def test_immediate_needs_a_round_with_a_feedback_date(db):
    rnd = RoundFactory(name="无反馈日期", feedback_date=None)
    issue = _only(ledger_issues(sheet_bytes([row("问题", "措施", seq=1, deadline="立行立改")]), rnd))
    assert "反馈日期" in issue.reason


def test_nothing_is_created_when_the_last_row_is_bad(empty_round):
    rows = [*basic_rows(), row("最后的问题", "措施", seq=9, dept="全新部门", person="全新人员", deadline="尽快")]
    ledger_issues(sheet_bytes(rows), empty_round)
    assert not Department.objects.filter(name="全新部门").exists()
    assert not Person.objects.filter(name="全新人员").exists()


# -- damaged files ----------------------------------------------------------------------------------


def _rewrite(data, member, content):
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == member else source.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>99</v></c></row>", b"\x00\x01 garbage", b""],
)
def test_a_damaged_sheet_inside_a_valid_zip(empty_round, content):
    data = _rewrite(sheet_bytes(basic_rows()), "xl/worksheets/sheet1.xml", content)
    issues = ledger_issues(data, empty_round)
    assert issues and all(i.reason for i in issues)


def test_random_bytes_never_raise_anything_but_ledger_invalid(empty_round):
    rng = random.Random(7)
    good = sheet_bytes(basic_rows())
    for _ in range(25):
        data = bytearray(good)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        with contextlib.suppress(LedgerInvalid):  # any other exception fails the test
            import_into(bytes(data), empty_round, dry_run=True)
