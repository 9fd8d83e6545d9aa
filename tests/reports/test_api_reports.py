"""Generating, versioning, editing, publishing and downloading reports through the API."""

import datetime as dt
import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from reports.models import AnnualReport, ReportProfile
from tests.reports.factories import ActivityFactory, kind

pytestmark = pytest.mark.django_db

YEAR = 2023
REPORTS = reverse("report-list")


def _generate(client, year=YEAR, **extra):
    return client.post(REPORTS, {"year": year, **extra}, format="json")


def test_generate_saves_a_version_with_figures_and_record_ids(api_as, inspector):
    meetings = [ActivityFactory(kind=kind("party-conduct-meeting"), date=dt.date(YEAR, m, 1)) for m in (2, 5)]
    response = _generate(api_as(inspector))
    assert response.status_code == 201, response.data
    report = AnnualReport.objects.get(pk=response.data["id"])
    assert (report.year, report.version, report.status) == (YEAR, 1, "draft")
    assert report.figures["party_conduct_meetings"]["value"] == 2
    assert report.figures["party_conduct_meetings"]["ids"] == sorted(a.pk for a in meetings)
    figures = {f["code"]: f for f in response.data["figures"]}
    assert figures["party_conduct_meetings"]["record_count"] == 2
    assert "党风廉政建设工作会议2次" in response.data["text"]
    assert "【待填：制作廉宣墙报】" in response.data["flagged"]


def test_regenerating_does_not_change_what_was_saved(api_as, inspector):
    client = api_as(inspector)
    first = ActivityFactory(kind=kind("wall-poster"), date=dt.date(YEAR, 3, 1), quantity=2)
    v1 = _generate(client).data
    # data change after generation: more posters, and the counted one archived
    ActivityFactory(kind=kind("wall-poster"), date=dt.date(YEAR, 9, 1), quantity=5)
    first.archive()
    v2 = _generate(client).data
    assert (v1["version"], v2["version"]) == (1, 2)
    old = AnnualReport.objects.get(pk=v1["id"])
    assert old.figures["wall_posters"]["value"] == 2
    assert AnnualReport.objects.get(pk=v2["id"]).figures["wall_posters"]["value"] == 5
    # the old version's reader still sees what was counted, even the record archived since
    page = client.get(reverse("report-figure-records", args=[v1["id"], "wall_posters"])).data
    assert page["ids"] == [first.pk] and page["counted"] == 1 and page["visible"] == 1
    assert "制作“廉宣墙报”2块" in client.get(reverse("report-detail", args=[v1["id"]])).data["text"]


def test_version_list_query_count_is_fixed(api_as, inspector, leader, django_assert_max_num_queries):
    client = api_as(inspector)
    for _ in range(6):
        assert _generate(client).status_code == 201
    reader = api_as(leader)
    reader.get(REPORTS)
    # actor 3 + count 1 + page with generated_by/published_by joined 1
    with django_assert_max_num_queries(6):
        response = reader.get(REPORTS, {"year": YEAR})
    assert response.data["count"] == 6


@pytest.mark.parametrize(
    "payload",
    [
        {"year": "abc"},
        {"year": 1999},
        {},
        {"year": 2023, "report_date": "2023-13-01"},
        "next year",
    ],
)
def test_bad_generate_input_is_400(api_as, inspector, payload):
    if payload == "next year":  # taken when the test runs (in the unit's zone), not when it is collected
        payload = {"year": timezone.localdate().year + 1}
    response = api_as(inspector).post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "invalid"


@pytest.mark.parametrize(("role_user", "status"), [("leader", 403), ("office_a", 403), ("admin_user", 403)])
def test_only_discipline_staff_generate(request, api_as, role_user, status):
    user = request.getfixturevalue(role_user)
    assert _generate(api_as(user)).status_code == status
    assert not AnnualReport.objects.exists()


def test_readers_per_role(api_as, inspector, supervisor, leader, office_a, admin_user):
    report_id = _generate(api_as(inspector)).data["id"]
    detail = reverse("report-detail", args=[report_id])
    for user in (inspector, supervisor, leader):
        assert api_as(user).get(detail).status_code == 200
        assert api_as(user).get(reverse("report-docx", args=[report_id])).status_code == 200
    for user in (office_a, admin_user):
        assert api_as(user).get(detail).status_code == 404
        assert api_as(user).get(reverse("report-docx", args=[report_id])).status_code == 404
        assert api_as(user).get(REPORTS).data["count"] == 0


def test_supervisor_edits_the_draft_text_and_publishes(api_as, inspector, supervisor):
    report_id = _generate(api_as(inspector)).data["id"]
    url = reverse("report-detail", args=[report_id])
    boss = api_as(supervisor)
    # the inspector may not edit or publish
    assert api_as(inspector).patch(url, {"problems_text": "无"}, format="json").status_code == 403
    assert api_as(inspector).post(reverse("report-publish", args=[report_id])).status_code == 403
    # unknown placeholders are refused by name
    response = boss.patch(url, {"problems_text": "一是{{no_such_metric}}。"}, format="json")
    assert response.status_code == 400 and "no_such_metric" in str(response.data["detail"]["problems_text"])
    response = boss.patch(url, {"manual_values": {"wall_posters": "XXX"}}, format="json")
    assert response.status_code == 400
    # a manual figure fills a blank without data and is shown as such
    response = boss.patch(
        url,
        {
            "problems_text": "一是学习不够深入。",
            "manual_values": {"wall_posters": "6"},
            "frame": {"signature": "某局党组"},
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    assert "制作“廉宣墙报”6块" in response.data["text"]
    assert "一是学习不够深入。" in response.data["text"]
    assert response.data["text"].splitlines()[-2] == "某局党组"
    # publish; a published version is frozen
    response = boss.post(reverse("report-publish", args=[report_id]))
    assert response.status_code == 200 and response.data["status"] == "published"
    assert boss.patch(url, {"problems_text": "改"}, format="json").status_code == 409
    assert boss.post(reverse("report-publish", args=[report_id])).status_code == 409
    # a newer version, once published, supersedes it
    newer = _generate(boss).data["id"]
    boss.post(reverse("report-publish", args=[newer]))
    assert AnnualReport.objects.get(pk=report_id).status == "superseded"


def test_docx_download_has_the_report_text_and_is_logged(api_as, inspector):
    ActivityFactory(kind=kind("web-article"), date=dt.date(YEAR, 3, 1), quantity=7)
    report_id = _generate(api_as(inspector)).data["id"]
    response = api_as(inspector).get(reverse("report-docx", args=[report_id]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"关于{YEAR}年度落实全面从严治党主体责任情况的报告" in text
    assert "网文7篇" in text
    assert "二、存在问题" in text and "三、下一步工作打算" in text
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT).count() == 1


def test_xlsx_appendix_neutralises_formulas(api_as, inspector, supervisor):
    api_as(supervisor).patch(reverse("report-profile"), {"campaign_name": "=HYPERLINK(1)"}, format="json")
    ActivityFactory(kind=kind("heart-talk"), date=dt.date(YEAR, 3, 1), quantity=5)
    report_id = _generate(api_as(inspector)).data["id"]
    response = api_as(inspector).get(reverse("report-xlsx", args=[report_id]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["指标汇总", "工作记录", "廉政风险点"]
    values = [c.value for row in book["指标汇总"].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in values and "=HYPERLINK(1)" not in values
    activities = {row[0].value: row for row in book["工作记录"].iter_rows(min_row=3)}
    assert activities["谈心谈话（人次）"][3].value == 5  # March column
    assert activities["合计"][13].value == 5


def test_figure_records_unknown_code_is_404(api_as, inspector):
    report_id = _generate(api_as(inspector)).data["id"]
    assert api_as(inspector).get(reverse("report-figure-records", args=[report_id, "nope"])).status_code == 404
    # a profile text has no record list
    assert api_as(inspector).get(reverse("report-figure-records", args=[report_id, "unit_name"])).status_code == 404


def test_preview_and_live_records(api_as, leader):
    ActivityFactory(kind=kind("work-info"), date=dt.date(YEAR, 3, 1), quantity=3)
    ActivityFactory(kind=kind("work-info"), date=dt.date(YEAR + 1, 3, 1), quantity=3)
    client = api_as(leader)
    figures = {f["code"]: f for f in client.get(reverse("report-preview"), {"year": YEAR}).data}
    assert figures["work_info"]["text"] == "3" and not figures["work_info"]["flagged"]
    page = client.get(reverse("report-live-records", args=[YEAR, "work_info"])).data
    assert page["counted"] == 1 and len(page["rows"]) == 1
    assert client.get(reverse("report-preview"), {"year": "x"}).status_code == 400
    assert client.get(reverse("report-live-records", args=[1999, "work_info"])).status_code == 400
    assert not AnnualReport.objects.exists()  # previews are never saved


def test_narrative_default_edit_and_roles(api_as, supervisor, inspector, leader, office_a):
    url = reverse("report-narrative", args=[YEAR])
    data = api_as(leader).get(url).data
    assert data["is_default"] and "{{party_conduct_meetings}}" in data["work_text"]
    assert any(h["section"] == "figures" for h in data["hints"])
    assert api_as(office_a).get(url).status_code == 404
    assert api_as(inspector).put(url, {"problems_text": "一是……"}, format="json").status_code == 403
    response = api_as(supervisor).put(url, {"problems_text": "一是学风不实。"}, format="json")
    assert response.status_code == 200 and not response.data["is_default"]
    assert response.data["problems_text"] == "一是学风不实。"
    assert "{{party_conduct_meetings}}" in response.data["work_text"]  # untouched parts keep the default
    bad = api_as(supervisor).put(url, {"work_text": "{{bogus}}"}, format="json")
    assert bad.status_code == 400 and "work_text" in bad.data["detail"]
    assert api_as(supervisor).put(reverse("report-narrative", args=[1999]), {}, format="json").status_code == 400
    # the next generation uses the saved narrative
    text = _generate(api_as(inspector)).data["text"]
    assert "一是学风不实。" in text


def test_profile_roles_and_validation(api_as, supervisor, inspector, office_a):
    url = reverse("report-profile")
    assert api_as(office_a).get(url).status_code == 404
    assert api_as(inspector).patch(url, {"line_of_work": "12345热线"}, format="json").status_code == 403
    response = api_as(supervisor).patch(url, {"line_of_work": "12345热线"}, format="json")
    assert response.status_code == 200 and response.data["line_of_work"] == "12345热线"
    assert api_as(supervisor).patch(url, {"line_of_work": "长" * 101}, format="json").status_code == 400
    assert ReportProfile.load().history.first().history_change_reason == "修改报告用单位信息"


def test_metric_catalogue(api_as, leader, office_a):
    data = api_as(leader).get(reverse("report-metrics")).data
    codes = {m["code"] for m in data}
    assert {"unit_name", "party_conduct_meetings", "risk_category_1", "mobilization_month"} <= codes
    assert api_as(office_a).get(reverse("report-metrics")).status_code == 404
