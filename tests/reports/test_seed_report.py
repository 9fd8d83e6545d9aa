"""With seed_demo data, last year's default report has no XXX, and every figure is traced or flagged."""

import re

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.metrics import compile_year

pytestmark = pytest.mark.django_db

FIG = re.compile(r'<a href="([^"]+)" class="fig( flagged)?( manual)?"[^>]*>([^<]*)</a>')


def test_seeded_last_year_report(tmp_path, capsys):
    # Given the demo data (seeding takes a while: one test checks everything about it)
    call_command("seed_demo")
    year = timezone.localdate().year - 1

    # Then every figure of the default report for last year is filled from the seeded records
    figures = compile_year(year)
    assert [code for code, f in figures.items() if f.flagged] == []
    assert figures["mobilization_month"].text == "3" and figures["mobilization_day"].text == "5"
    assert [figures[f"risk_category_{i}"].text for i in (1, 2, 3)] == ["工单受理", "转办督办", "财务管理"]

    # and the preview has no XXX; every figure links to a non-empty list of records (or to the profile)
    client = Client()
    client.force_login(get_user_model().objects.get(username="jijian"))
    html = client.get(reverse("reports:preview", args=[year])).content.decode()
    paper = html[html.index('<article class="paper">') : html.index("</article>")]
    assert not re.search("XXX|xxx", paper)
    links = FIG.findall(paper)
    assert len(links) >= 46  # 45 blanks and the superior body
    for url, flagged, _manual, text in links:
        if flagged:
            assert text.startswith("【待填：")
            continue
        if "/figures/" not in url:  # a profile text links to the profile page
            assert url.startswith(reverse("reports:profile"))
            continue
        page = client.get(url).content.decode()
        counted = int(re.search(r"该数字统计的.*?：(\d+) 条", page).group(1))
        assert counted > 0, url

    # and the command writes last year's report by default
    out = tmp_path / "report.docx"
    call_command("annual_report", out=str(out), strict=True)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert f"关于{year}年度落实全面从严治党主体责任情况的报告" in text
    assert "党风廉政建设工作会议4次" in text
    assert not re.search("XXX|xxx|【待填", text)
    assert f"（{year}年度）" in capsys.readouterr().out

    # and seeding again the same day changes nothing of the reports app
    from reports.models import Activity, RiskPoint

    before = (Activity.objects.count(), RiskPoint.objects.count())
    call_command("seed_demo")
    assert (Activity.objects.count(), RiskPoint.objects.count()) == before


def test_annual_report_command_rejects_bad_input(tmp_path):
    with pytest.raises(CommandError, match="年度应在"):
        call_command("annual_report", year=1999, out=str(tmp_path / "a.docx"))
    with pytest.raises(CommandError, match=".docx"):
        call_command("annual_report", year=2023, out=str(tmp_path / "a.pdf"))
    with pytest.raises(CommandError, match="待填"):
        call_command("annual_report", year=2023, out=str(tmp_path / "a.docx"), strict=True)
    with pytest.raises(CommandError, match="--xlsx 应为 .xlsx"):
        call_command("annual_report", year=2023, out=str(tmp_path / "a.docx"), xlsx=str(tmp_path / "a.csv"))
    # a folder that does not exist: a clear message naming the option and the path, no traceback
    missing = tmp_path / "no-such-folder" / "a.docx"
    with pytest.raises(CommandError, match=f"无法写入 --out 指定的 {missing}"):
        call_command("annual_report", year=2023, out=str(missing))
