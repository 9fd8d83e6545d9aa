"""The server-rendered pages: preview, versions, drill-down lists, narrative and profile forms."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import AnnualReport, ReportNarrative
from tests.reports.factories import ActivityFactory, kind

pytestmark = pytest.mark.django_db

YEAR = 2023


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_preview_highlights_figures_and_flags_missing_ones(inspector):
    ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(YEAR, 3, 1))
    html = _client(inspector).get(reverse("reports:preview", args=[YEAR])).content.decode()
    link = reverse("reports:live-figure", args=[YEAR, "party_conduct_meetings"])
    assert f'<a href="{link}" class="fig"' in html
    assert re.search(r'class="fig flagged"[^>]*data-metric="wall_posters">【待填：制作廉宣墙报】</a>', html)
    assert "XXX" not in html and "xxx" not in html
    assert "补充指标" in html and "排查廉政风险点" in html  # the extras beside the text
    # nothing loaded from outside (a bare "cdn" may occur inside the random CSRF token)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html) and "https://" not in html


def test_live_drill_page_lists_the_counted_records(leader):
    ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(YEAR, 3, 1), title="一季度会议")
    ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(YEAR + 1, 3, 1), title="次年会议")
    html = _client(leader).get(reverse("reports:live-figure", args=[YEAR, "party_conduct_meetings"])).content.decode()
    assert "一季度会议" in html and "次年会议" not in html
    assert "该数字统计的工作记录：1 条" in html


def test_generate_from_the_page_then_view_version_and_its_drill(inspector):
    ActivityFactory(kind=kind("warning-case"), date=dt.date(YEAR, 6, 1), quantity=3, title="典型案例通报")
    client = _client(inspector)
    response = client.post(reverse("reports:generate"), {"year": YEAR})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:version", args=[report.pk])
    html = client.get(response["Location"]).content.decode()
    link = reverse("reports:version-figure", args=[report.pk, "warning_cases"])
    assert f'href="{link}"' in html and ">3</a>" in html
    drill = client.get(link).content.decode()
    assert "典型案例通报" in drill and "生成时统计的记录" in drill
    assert client.get(reverse("reports:version-docx", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:version-xlsx", args=[report.pk])).status_code == 200


def test_generate_page_rejects_bad_year(inspector):
    client = _client(inspector)
    response = client.post(reverse("reports:generate"), {"year": "abc"}, follow=True)
    assert "年度必须是四位数字的年份" in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("role_user", ["office_a", "admin_user"])
def test_pages_are_404_for_non_readers(request, role_user, inspector):
    report = AnnualReport.objects.create(year=YEAR, version=1, report_date=dt.date(2024, 1, 5), generated_by=inspector)
    client = _client(request.getfixturevalue(role_user))
    for url in (
        reverse("reports:index"),
        reverse("reports:preview", args=[YEAR]),
        reverse("reports:version", args=[report.pk]),
        reverse("reports:version-docx", args=[report.pk]),
        reverse("reports:narrative", args=[YEAR]),
        reverse("reports:profile"),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("reports:preview", args=[YEAR]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_supervisor_saves_narrative_with_a_manual_figure(supervisor, leader):
    client = _client(supervisor)
    page = client.get(reverse("reports:narrative", args=[YEAR])).content.decode()
    assert 'name="manual__wall_posters"' in page and "党风廉政建设工作会议" in page
    from reports.narrative.defaults import PLANS_TEXT, WORK_TEXT

    response = client.post(
        reverse("reports:narrative", args=[YEAR]),
        {
            "work_text": WORK_TEXT,
            "problems_text": "一是学习不够深入。",
            "plans_text": PLANS_TEXT,
            "manual__wall_posters": "4",
        },
    )
    assert response.status_code == 302
    row = ReportNarrative.objects.get(year=YEAR)
    assert row.manual_values == {"wall_posters": "4"} and row.problems_text == "一是学习不够深入。"
    preview = client.get(reverse("reports:preview", args=[YEAR])).content.decode()
    assert re.search(r'class="fig manual"[^>]*data-metric="wall_posters">4</a>', preview)
    # a leader reads the narrative but cannot change it
    response = _client(leader).post(reverse("reports:narrative", args=[YEAR]), {"problems_text": "改"})
    assert "只有纪检负责人可以修改报告文稿" in response.content.decode()
    assert ReportNarrative.objects.get(year=YEAR).problems_text == "一是学习不够深入。"


def test_narrative_page_shows_errors_for_unknown_placeholders(supervisor):
    response = _client(supervisor).post(reverse("reports:narrative", args=[YEAR]), {"work_text": "{{bogus}}"})
    assert response.status_code == 200 and "未知的指标：bogus" in response.content.decode()
    assert not ReportNarrative.objects.exists()


def test_profile_page(supervisor, inspector):
    client = _client(supervisor)
    client.post(reverse("reports:profile"), {"line_of_work": "12345热线", "campaign_name": "清风热线"})
    html = _client(inspector).get(reverse("reports:profile")).content.decode()
    assert 'value="12345热线"' in html and "readonly" in html


def test_publish_from_the_page(supervisor, inspector):
    _client(inspector).post(reverse("reports:generate"), {"year": YEAR})
    report = AnnualReport.objects.get()
    assert _client(inspector).post(reverse("reports:publish", args=[report.pk])).status_code == 302
    assert AnnualReport.objects.get().status == "draft"
    _client(supervisor).post(reverse("reports:publish", args=[report.pk]))
    assert AnnualReport.objects.get().status == "published"


def test_year_picker_redirects_readers_and_refuses_others(inspector, office_a, admin_user):
    url = reverse("reports:preview-for")
    response = _client(inspector).get(url, {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == reverse("reports:preview", args=[YEAR])
    for bad in ("abc", "1800", ""):
        assert _client(inspector).get(url, {"year": bad}).status_code == 404
    # an office liaison or the system administrator: no report pages at all
    assert _client(office_a).get(url, {"year": YEAR}).status_code == 404
    assert _client(admin_user).get(url, {"year": YEAR}).status_code == 404
    assert Client().get(url, {"year": YEAR}).status_code == 302  # to the sign-in page
