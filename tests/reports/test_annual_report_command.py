"""``annual_report --report-date``: parsed like the API's report_date, printed as the report's date."""

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

YEAR = 2023


def _text(path):
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_report_date_is_the_documents_date(tmp_path):
    out, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    call_command("annual_report", year=YEAR, out=str(out), xlsx=str(xlsx), report_date="2024-01-15")
    assert "2024年1月15日" in _text(out)
    assert openpyxl.load_workbook(xlsx).sheetnames  # the appendix is written with the same date


def test_without_report_date_the_date_is_today(tmp_path):
    out = tmp_path / "r.docx"
    call_command("annual_report", year=YEAR, out=str(out))
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in _text(out)


@pytest.mark.parametrize("raw", ["2024-13-01", "2024/01/15", "15.01.2024", "明天", ""])
def test_a_bad_report_date_is_a_clear_error(tmp_path, raw):
    out = tmp_path / "r.docx"
    with pytest.raises(CommandError, match="--report-date .*不是有效的成文日期.*应为 YYYY-MM-DD"):
        call_command("annual_report", year=YEAR, out=str(out), report_date=raw)
    assert not out.exists()


def test_the_api_and_the_command_accept_the_same_dates(api_as, inspector, tmp_path):
    for raw, ok in (("2024-02-29", True), ("2023-02-29", False), ("2024-1-5", None)):
        api = api_as(inspector).post(reverse("report-list"), {"year": YEAR, "report_date": raw}, format="json")
        try:
            call_command("annual_report", year=YEAR, out=str(tmp_path / "r.docx"), report_date=raw)
            command_ok = True
        except CommandError:
            command_ok = False
        assert (api.status_code == 201) == command_ok, raw
        if ok is not None:
            assert command_ok is ok, raw


def test_the_command_carries_hand_confirmed_figures_into_both_files(tmp_path, capsys):
    from docx.enum.text import WD_COLOR_INDEX

    from reports.models import ReportNarrative
    from reports.narrative.defaults import default_narrative

    ReportNarrative.objects.create(year=YEAR, **{**default_narrative(), "manual_values": {"wall_posters": "6"}})
    out, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    call_command("annual_report", year=YEAR, out=str(out), xlsx=str(xlsx))
    runs = [r for p in docx.Document(str(out)).paragraphs if "廉宣墙报" in p.text for r in p.runs if r.text == "6"]
    assert [r.font.highlight_color for r in runs] == [WD_COLOR_INDEX.TURQUOISE]
    sheet = openpyxl.load_workbook(xlsx)["指标汇总"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["制作廉宣墙报"][1:4] == ("6", "块", "人工确认")
    assert rows["运用曝光典型案例"][3] == "待填"
    assert "有 1 项数字为人工确认" in capsys.readouterr().out
