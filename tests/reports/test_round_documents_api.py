"""The round documents over the API: the same roles as the pages, errors naming the field."""

import pytest
from django.contrib.auth import get_user_model

from rectification.models import RoundDocument
from tests.rectification.round_docs import make_round


@pytest.fixture
def demo(supervisor):
    return make_round(reviewer=supervisor)


def _base(demo):
    return f"/api/v1/rounds/{demo.round.pk}/documents/"


def test_inspector_generates_reads_edits_and_downloads(demo, inspector, api_as):
    client = api_as(inspector)
    created = client.post(_base(demo) + "report/", {}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1 and body["kind"] == "report"
    figures = {f["code"]: f for f in body["figures"]}
    assert figures["measures"]["text"] == "6" and len(figures["done"]["ids"]) == 2
    assert "反馈问题4个，制定整改措施6项" in body["text"]
    listing = client.get(_base(demo)).json()
    assert [k["kind"] for k in listing] == ["plan", "report", "leader_report", "public"]
    assert [v["version"] for v in listing[1]["versions"]] == [1]
    pk = body["id"]
    docx = client.get(f"/api/v1/round-documents/{pk}/docx/")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    records = client.get(f"/api/v1/round-documents/{pk}/figures/done/").json()
    assert records["counted"] == 2 and records["visible"] == 2
    saved = client.put(_base(demo) + "report/narrative/", {"texts": {"preamble": "开头{{problems}}个"}}, format="json")
    assert saved.status_code == 200 and saved.json()["texts"]["preamble"] == "开头{{problems}}个"


def test_bad_input_answers_400_naming_the_field(demo, supervisor, api_as):
    client = api_as(supervisor)
    bad = client.put(_base(demo) + "report/narrative/", {"texts": {"preamble": "{{nonsense}}"}}, format="json")
    assert bad.status_code == 400 and "preamble" in bad.json()["detail"]
    bad = client.post(_base(demo) + "memo/", {}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["detail"]
    bad = client.post(_base(demo) + "plan/", {"document_date": "明天"}, format="json")
    assert bad.status_code == 400 and "document_date" in bad.json()["detail"]
    assert not RoundDocument.objects.exists()


def test_leader_reads_but_does_not_generate(demo, leader, supervisor, api_as):
    api_as(supervisor).post(_base(demo) + "plan/", {}, format="json")
    client = api_as(leader)
    assert client.get(_base(demo)).status_code == 200
    assert client.post(_base(demo) + "plan/", {}, format="json").status_code == 403
    put = client.put(_base(demo) + "plan/narrative/", {"texts": {"preamble": "x"}}, format="json")
    assert put.status_code == 403
    assert RoundDocument.objects.count() == 1


@pytest.mark.parametrize("who", ["office_a", "admin_user", "root"])
def test_offices_and_the_administrator_get_404(demo, supervisor, who, request, api_as, db):
    doc = api_as(supervisor).post(_base(demo) + "report/", {}, format="json").json()
    if who == "root":
        user = get_user_model().objects.create_superuser("root", "root@example.org", "Root@12345xc!")
    else:
        user = request.getfixturevalue(who)
    client = api_as(user)
    for url in (
        _base(demo),
        _base(demo) + "report/narrative/",
        f"/api/v1/round-documents/{doc['id']}/",
        f"/api/v1/round-documents/{doc['id']}/docx/",
        f"/api/v1/round-documents/{doc['id']}/figures/done/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_base(demo) + "report/", {}, format="json").status_code == 404
    assert RoundDocument.objects.count() == 1


def test_is_public_is_off_by_default_and_editable_through_the_api(demo, inspector, api_as):
    from django.urls import reverse

    client = api_as(inspector)
    created = client.post(reverse("rectification-problem-list"), {"round": demo.round.pk, "text": "新发现的问题"})
    assert created.status_code == 201 and created.json()["is_public"] is False
    url = reverse("rectification-problem-detail", args=[created.json()["id"]])
    patched = client.patch(url, {"is_public": True}, format="json")
    assert patched.status_code == 200 and patched.json()["is_public"] is True
    assert client.patch(url, {"is_public": "也许"}, format="json").json()["detail"].keys() == {"is_public"}


def test_titles_break_as_offices_set_them():
    from reports.docx.gbt9704 import _width_in_chars
    from reports.docx.rounds import TITLE_LINE_CHARS, title_lines

    long = "中共某市12345政务服务便民热线管理局党组关于落实市委第三巡察组巡察反馈意见的整改方案"
    assert title_lines(long) == [
        "中共某市12345政务服务便民热线管理局党组",
        "关于落实市委第三巡察组",
        "巡察反馈意见的整改方案",
    ]
    assert title_lines("中共某局党组关于巡察整改进展情况的通报") == ["中共某局党组关于巡察整改进展情况的通报"]
    for title in (long, "中共某局党组主要负责人关于组织落实市委第三巡察组巡察反馈意见整改情况的报告"):
        lines = title_lines(title)
        assert "".join(lines) == title
        assert all(_width_in_chars(line) <= TITLE_LINE_CHARS + 1 for line in lines) and len(lines[-1]) > 2


def test_the_plan_names_the_party_body_once_and_merges_a_problem_over_its_measures(demo, inspector, api_as):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    demo.round.inspected_unit = "某区城市管理局党组"
    demo.round.save()
    client = api_as(inspector)
    body = client.post(_base(demo) + "plan/", {}, format="json").json()
    assert "向某区城市管理局党组反馈了巡察意见" in body["text"] and "党组党组" not in body["text"]
    content = client.get(f"/api/v1/round-documents/{body['id']}/docx/").content
    table = Document(io.BytesIO(content)).tables[0]
    problem_cells = [tr.tc_lst[1] for tr in table._tbl.tr_lst[1:]]  # raw cells: row.cells resolves merges
    merges = [tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None for tc in problem_cells]
    # 理论学习中心组学习以读文件为主 has two measures: one cell over two rows, the text once
    assert merges[0] is not None and merges[0].get(qn("w:val")) == "restart"
    assert merges[1] is not None and merges[1].get(qn("w:val")) is None
    texts = [row.cells[2].text for row in table.rows[1:3]]
    assert [row.cells[1].text for row in table.rows[1:3]] == ["理论学习中心组学习以读文件为主"] * 2
    assert texts == ["修订党组理论学习中心组学习制度", "开展专题研讨"]
    # a column's width is on the grid (LibreOffice, WPS) and on each cell (Word)
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] > 2 * grid[0] and abs(sum(grid) - 156 * 56.7) < 60
