"""manage.py import_ledger / export_ledger: exit codes, messages, no tracebacks."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from organization.models import Department
from rectification.management.commands.import_ledger import Command as ImportCommand
from rectification.models import InspectionRound, Measure
from tests.factories import DepartmentFactory
from tests.rectification.sheets import HEADER, basic_rows, row, sheet_bytes


@pytest.fixture
def ledger_file(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(sheet_bytes(basic_rows()))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "坏台账.xlsx"
    path.write_bytes(sheet_bytes([row("问题甲", "措施一", seq=1, deadline="尽快"), row("问题乙", None, seq=2)]))
    return path


def test_import_creates_the_round_and_reports(ledger_file, inspector, capsys):
    call_command(
        "import_ledger",
        str(ledger_file),
        "--round",
        "2021年市委第三巡察组巡察",
        "--feedback-date",
        "2021-09-15",
        "--user",
        "inspector",
        "--create-missing",
    )
    out = capsys.readouterr().out
    assert "导入完成" in out and "问题 3 个，整改措施 5 条" in out and "新建部门：" in out
    rnd = InspectionRound.objects.get(name="2021年市委第三巡察组巡察")
    assert rnd.feedback_date == dt.date(2021, 9, 15)
    assert Measure.objects.filter(problem__round=rnd).count() == 5
    assert Measure.objects.first().history.get().history_user == inspector


def test_dry_run_imports_nothing(ledger_file, db, capsys):
    call_command("import_ledger", str(ledger_file), "--round", "某轮", "--feedback-date", "2021-09-15", "--dry-run")
    assert "检查通过（未导入）" in capsys.readouterr().out
    assert not InspectionRound.objects.exists()


def test_errors_name_sheet_row_column_and_import_nothing(bad_file, db, capsys):
    with pytest.raises(CommandError) as exc:
        call_command("import_ledger", str(bad_file), "--round", "某轮", "--feedback-date", "2021-09-15")
    assert "2 处问题，未导入任何内容" in str(exc.value)
    err = capsys.readouterr().err
    assert "工作表“整改台账”第4行，G（完成时限）列，值“尽快”" in err
    assert "工作表“整改台账”第5行，C（整改措施）列：整改措施为空" in err
    assert not InspectionRound.objects.exists()


@pytest.fixture
def manage_py(tmp_path, capsys, monkeypatch):
    """Run import_ledger on some bytes as manage.py does (run_from_argv): (exit code, stderr)."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)  # keep the test DB

    def run(content, *extra):
        path = tmp_path / "台账.xlsx"
        path.write_bytes(content)
        with pytest.raises(SystemExit) as exc:
            ImportCommand().run_from_argv(["manage.py", "import_ledger", str(path), "--round", "某轮", *extra])
        return exc.value.code, capsys.readouterr().err

    return run


@pytest.mark.parametrize(
    "content",
    [b"", b"not a spreadsheet", b"PK\x03\x04broken", "序号,问题\n".encode("gbk")],
)
def test_exit_code_is_non_zero_without_a_traceback(db, manage_py, content):
    """Every kind of unreadable file."""
    code, err = manage_py(content)
    assert code == 1
    assert "Traceback" not in err and "CommandError:" in err and "未导入任何内容" in err


BROKEN_SHEETS = {
    "missing column": (
        sheet_bytes([[1, "问题", "措施", "王建国", "办公室", "李静"]], header=(HEADER[:6],)),
        "工作表“整改台账”第3行，“完成时限”列",
    ),
    "no measure rows": (sheet_bytes([["一、党的政治建设方面"]]), "工作表“整改台账”第3行：工作表没有整改措施行"),
    "blank measure": (
        sheet_bytes([row("问题甲", "措施一", seq=1), row("问题乙", None, seq=2)]),
        "工作表“整改台账”第5行，C（整改措施）列：整改措施为空",
    ),
    "unreadable deadline": (
        sheet_bytes([row("问题甲", "措施一", seq=1, deadline="尽快")]),
        "工作表“整改台账”第4行，G（完成时限）列，值“尽快”",
    ),
    "measure without problem": (sheet_bytes([row(None, "措施")]), "工作表“整改台账”第4行，B（问题）列"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SHEETS))
def test_each_broken_sheet_exits_non_zero_naming_the_place(db, manage_py, case):
    data, where = BROKEN_SHEETS[case]
    code, err = manage_py(data)
    assert code == 1
    assert where in err and "Traceback" not in err
    assert not InspectionRound.objects.exists() and not Measure.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/nonexistent/台账.xlsx", "--round", "x"], "文件不存在"),
        (["{tmp}", "--round", "x"], "不是文件"),
        (["{file}", "--round", "x", "--user", "nobody"], "用户“nobody”不存在"),
    ],
)
def test_other_command_errors(tmp_path, ledger_file, db, argv, message):
    argv = [a.format(tmp=tmp_path, file=ledger_file) for a in argv]
    with pytest.raises(CommandError, match=message):
        call_command("import_ledger", *argv)


def test_bad_feedback_date_is_an_argument_error(db, manage_py):
    code, err = manage_py(sheet_bytes(basic_rows()), "--feedback-date", "2021/9/15")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_without_create_missing_unknown_names_are_listed_and_nothing_imported(ledger_file, db, capsys):
    with pytest.raises(CommandError) as exc:
        call_command("import_ledger", str(ledger_file), "--round", "某轮", "--feedback-date", "2021-09-15")
    assert "需要确认" in str(exc.value) and "--create-missing" in str(exc.value)
    err = capsys.readouterr().err
    assert "部门“办公室”：未找到（工作表“整改台账”第" in err
    assert not InspectionRound.objects.exists() and not Department.objects.exists()


def test_a_dry_run_lists_the_names_to_confirm(ledger_file, db, capsys):
    DepartmentFactory(name="督办处")
    call_command("import_ledger", str(ledger_file), "--round", "某轮", "--feedback-date", "2021-09-15", "--dry-run")
    out = capsys.readouterr().out
    assert "以下名称需要确认" in out and "部门“办公室”：未找到" in out and "部门“督办处”" not in out


def test_export_command(ledger_file, tmp_path, db, capsys):
    call_command(
        "import_ledger", str(ledger_file), "--round", "某轮", "--feedback-date", "2021-09-15", "--create-missing"
    )
    out = tmp_path / "导出.xlsx"
    call_command("export_ledger", "--round", "某轮", "--out", str(out))
    assert "已导出 5 条整改措施" in capsys.readouterr().out
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[3][0] == "一、党的政治建设方面"
    with pytest.raises(CommandError, match="不存在"):
        call_command("export_ledger", "--round", "没有这轮", "--out", str(out))
    with pytest.raises(CommandError, match=".xlsx"):
        call_command("export_ledger", "--round", "某轮", "--out", str(tmp_path / "a.csv"))
