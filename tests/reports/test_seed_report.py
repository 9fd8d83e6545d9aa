"""With seed_demo data, last year's default report has no XXX, and every figure is traced or flagged."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.metrics import compile_year, metrics

pytestmark = pytest.mark.django_db

FIG = re.compile(r'<a href="([^"]+)" class="fig( flagged)?( manual)?"[^>]*>([^<]*)</a>')


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return timezone.localdate().year - 1


def test_default_report_for_last_year_has_no_xxx_and_every_figure_is_traced(seeded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="jijian"))
    html = client.get(reverse("reports:preview", args=[seeded])).content.decode()
    paper = html[html.index('<article class="paper">') : html.index("</article>")]
    assert not re.search("XXX|xxx", paper)
    links = FIG.findall(paper)
    assert len(links) >= 45
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


def test_seed_fills_every_figure_the_reports_app_owns(seeded):
    figures = compile_year(seeded)
    own = [f for code, f in figures.items() if metrics()[code].source in ("activities", "risks", "profile")]
    assert [f.code for f in own if f.flagged] == []
    assert figures["mobilization_month"].text == "3" and figures["mobilization_day"].text == "5"
    assert [figures[f"risk_category_{i}"].text for i in (1, 2, 3)] == ["工单受理", "转办督办", "财务管理"]


def test_annual_report_command_defaults_to_last_year(seeded, tmp_path, capsys):
    import docx

    out = tmp_path / "report.docx"
    call_command("annual_report", out=str(out))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert f"关于{seeded}年度落实全面从严治党主体责任情况的报告" in text
    assert "党风廉政建设工作会议4次" in text
    assert not re.search("XXX|xxx", text)
    assert f"（{seeded}年度）" in capsys.readouterr().out


def test_annual_report_command_rejects_bad_input(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="年度应在"):
        call_command("annual_report", year=1999, out=str(tmp_path / "a.docx"))
    with pytest.raises(CommandError, match=".docx"):
        call_command("annual_report", year=2023, out=str(tmp_path / "a.pdf"))
