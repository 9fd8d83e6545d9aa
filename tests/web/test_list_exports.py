"""导出筛选结果 on the 信访件, 转办件, 问题线索 and 纪律检查建议书 lists, and 导出所选 on 转办件
(web.exports, web.views.bulk_exports): the sheet holds exactly the rows the page's filters and 范围
select, for whoever may see them; a bad filter is a 400 naming it; a large export is a job that
rebuilds the same rows for its owner."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import AuditLog, Job
from core.tasks import run_job_task
from organization.roles import Role
from petitions import services as petition_services
from petitions.models import Petition
from tests.discipline.factories import issued_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import REPORTER, concluded, register, transferred

pytestmark = pytest.mark.django_db


def _sheet(content) -> list[list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        [str(c) if c is not None else "" for c in row]
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    ]


def _rows(response) -> list[list[str]]:
    """The data rows (below the title, unit line and header) of a download."""
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return _sheet(content)[3:]


def _text(rows) -> str:
    return " ".join(" ".join(row) for row in rows)


def test_petitions_filtered_export_holds_the_filter_and_the_scope(client_as, supervisor):
    register(supervisor, summary="待办的投诉")
    finished = concluded(supervisor, summary="已办结的投诉")
    Petition.objects.filter(pk=finished.pk).update(next_due=None)  # nothing more owed: not open
    register(supervisor, summary="一件意见建议", kind="suggestion")
    client = client_as(supervisor)
    page = client.get(reverse("web:petition-list"), {"kind": "complaint", "status": "", "scope": "open"})
    assert 'data-testid="export-filtered"' in page.content.decode()

    everything = _text(_rows(client.get(reverse("web:petition-export"), {"kind": "complaint", "status": ""})))
    assert "待办的投诉" in everything and "已办结的投诉" in everything and "一件意见建议" not in everything
    only_open = _text(_rows(client.get(reverse("web:petition-export"), {"kind": "complaint", "scope": "open"})))
    assert "待办的投诉" in only_open and "已办结的投诉" not in only_open
    assert REPORTER.name not in everything and REPORTER.phone not in everything
    log = AuditLog.objects.filter(event=AuditLog.Event.EXPORT).latest("id")
    assert (log.target, log.detail["rows"]) == ("信访台账", 1) and "scope=open" in log.detail["query"]


@pytest.mark.parametrize(
    ("url_name", "params", "named"),
    [
        ("web:petition-export", {"kind": "nonsense"}, "类别：选择一个有效的选项"),
        ("web:petition-export", {"sort": "secret"}, "排序字段“secret”无效"),
        ("web:clue-export", {"scope": "closed"}, "范围“closed”无效"),
        ("web:recommendation-export", {"status": "x" * 500}, "状态："),
    ],
)
def test_a_bad_filter_exports_nothing_and_names_it(client_as, supervisor, url_name, params, named):
    register(supervisor)
    response = client_as(supervisor).get(reverse(url_name), params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "筛选条件有误，未导出" in body and named in body and "x" * 100 not in body
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists() and not Job.objects.exists()


def test_the_page_size_of_the_list_does_not_cut_the_export(client_as, supervisor):
    for n in range(3):
        register(supervisor, summary=f"第{n}件")
    rows = _rows(client_as(supervisor).get(reverse("web:petition-export"), {"page_size": "20", "page": "9"}))
    assert len(rows) == 3


def test_an_office_exports_its_own_transfers_without_content_or_reporter(
    client_as, supervisor, office_a, office_b, dept_a, dept_b
):
    mine = transferred(supervisor, dept_a, summary="甲处的转办件", content="不应导出的信访内容")
    theirs = transferred(supervisor, dept_b, summary="乙处的转办件")
    done = transferred(supervisor, dept_a, summary="甲处已反馈的件")
    petition_services.petition_reply(user=office_a, petition=done, reply="已核查并整改")
    client = client_as(office_a)
    page = client.get(reverse("web:transfer-list")).content.decode()
    assert 'data-testid="export-filtered"' in page and f'value="{mine.pk}"' in page

    response = client.get(reverse("web:transfer-export"))
    header = _sheet(response.content)[2]
    rows = _rows(response)
    assert {row[1] for row in rows} == {mine.number, done.number} and theirs.number not in _text(rows)
    assert "不应导出的信访内容" not in _text(rows) and "接线员态度生硬" not in _text(rows)
    assert REPORTER.name not in _text(rows) and "举报人代号" not in header and "内容摘要" not in header
    assert "已核查并整改" in _text(rows)
    open_only = _rows(client.get(reverse("web:transfer-export"), {"scope": "open"}))
    assert [row[1] for row in open_only] == [mine.number]

    selected = client.post(reverse("web:transfer-export-selected"), {"ids": [mine.pk, theirs.pk]})
    assert [row[1] for row in _rows(selected)] == [mine.number]
    refused = client_as(office_b).post(reverse("web:transfer-export-selected"), {"ids": [mine.pk]})
    assert refused.status_code == 400 and mine.number not in refused.content.decode()


def test_clue_and_letter_filtered_exports(client_as, inspector, dept_a, dept_b):
    register_clue(inspector, summary="反映违规吃喝的线索")
    register_clue(inspector, summary="反映其他问题的线索")
    issued_recommendation(inspector, department=dept_a, title="致甲部门的建议书")
    issued_recommendation(inspector, department=dept_b, title="致乙部门的建议书")
    client = client_as(inspector)
    assert 'data-testid="export-filtered"' in client.get(reverse("web:clue-list")).content.decode()

    clues = _text(_rows(client.get(reverse("web:clue-export"), {"text": "吃喝", "status": ""})))
    assert "违规吃喝" in clues and "其他问题" not in clues
    office = make_user(Role.OFFICE, departments=[dept_a], username="letter_office")
    letters = _text(_rows(client_as(office).get(reverse("web:recommendation-export"))))
    assert "致甲部门的建议书" in letters and "致乙部门的建议书" not in letters


@pytest.mark.parametrize(
    "url_name", ["web:petition-export", "web:transfer-export", "web:clue-export", "web:recommendation-export"]
)
def test_the_administrator_and_a_bare_superuser_export_nothing(client_as, admin_user, supervisor, dept_a, url_name):
    transferred(supervisor, dept_a)
    register_clue(supervisor)
    bare = make_user(username="bare_root", superuser=True)
    for user in (admin_user, bare):
        response = client_as(user).get(reverse(url_name))
        assert response.status_code in (302, 403) and "attachment" not in response.get("Content-Disposition", "")
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_offices_and_leaders_may_not_take_the_petition_or_clue_ledger(client_as, office_a, leader, supervisor):
    register(supervisor)
    register_clue(supervisor)
    assert client_as(office_a).get(reverse("web:petition-export")).status_code == 403
    assert client_as(office_a).get(reverse("web:clue-export")).status_code == 403
    assert client_as(leader).get(reverse("web:clue-export")).status_code == 403


def test_a_large_filtered_export_is_a_job_with_the_same_rows_for_its_owner_only(
    client_as, supervisor, office_a, dept_a, dept_b, settings
):
    mine = transferred(supervisor, dept_a, summary="甲处的转办件")
    transferred(supervisor, dept_b, summary="乙处的转办件")
    settings.EXPORT_BACKGROUND_ROWS = 0
    client = client_as(office_a)
    response = client.get(reverse("web:transfer-export"), {"scope": "open"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:job-detail", args=[job.pk])
    assert job.parameters["list"] == "transfers" and job.parameters["filters"] == {"scope": ["open"]}
    run_job_task(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(reverse("web:job-file", args=[job.pk]))
    assert [row[1] for row in _rows(download)] == [mine.number]
    assert client_as(supervisor).get(reverse("web:job-file", args=[job.pk])).status_code == 404

    office_a.person.memberships.all().delete()  # moved out of the department: the file is no longer theirs
    assert client.get(reverse("web:job-file", args=[job.pk])).status_code in (403, 404)
