"""The round page's 整改文书 card: who generates, edits, reads and downloads; offices and the
administrator (a superuser without a role too) are refused."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from rectification.documents import services
from rectification.models import DocumentKind, Problem, RoundDocument
from tests.rectification.round_docs import make_round

KINDS = [k.value for k in DocumentKind]


@pytest.fixture
def demo(supervisor):
    return make_round(reviewer=supervisor)


@pytest.fixture
def saved(demo, supervisor):
    return {k: services.document_generate(user=supervisor, rnd=demo.round, kind=k) for k in KINDS}


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "Root@12345xc!")


def _docx_text(content):
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize("who", ["inspector", "supervisor"])
def test_staff_generate_each_document_from_the_round_page_and_download_it(demo, who, request, client_as):
    client = client_as(request.getfixturevalue(who))
    page = client.get(reverse("web:round-detail", kwargs={"pk": demo.round.pk}))
    assert page.status_code == 200 and "整改文书" in page.content.decode()
    for kind in KINDS:
        response = client.post(reverse("web:round-document-generate", kwargs={"pk": demo.round.pk, "kind": kind}))
        doc = RoundDocument.objects.get(round=demo.round, kind=kind)
        assert response.status_code == 302 and response.url == reverse("web:round-document", kwargs={"pk": doc.pk})
        preview = client.get(response.url)
        assert preview.status_code == 200
        download = client.get(reverse("web:round-document-docx", kwargs={"pk": doc.pk}))
        assert download.status_code == 200
        assert download["Content-Type"].startswith("application/vnd.openxmlformats")
        # the title is broken into lines (reports.docx.rounds.title_lines), one paragraph
        assert _docx_text(download.content).split("\n\n")[0].replace("\n", "") == doc.frame["title"]


def test_the_leader_reads_and_downloads_but_does_not_generate_or_edit(demo, saved, leader, client_as):
    client = client_as(leader)
    page = client.get(reverse("web:round-detail", kwargs={"pk": demo.round.pk})).content.decode()
    assert "整改文书" in page and "生成新版本" not in page
    doc = saved["report"]
    assert client.get(reverse("web:round-document", kwargs={"pk": doc.pk})).status_code == 200
    assert client.get(reverse("web:round-document-docx", kwargs={"pk": doc.pk})).status_code == 200
    url = reverse("web:round-document-generate", kwargs={"pk": demo.round.pk, "kind": "report"})
    assert client.post(url).status_code == 403
    url = reverse("web:round-document-narrative", kwargs={"pk": demo.round.pk, "kind": "report"})
    assert client.get(url).status_code == 403
    assert client.post(url, {"preamble": "改"}).status_code == 403
    assert RoundDocument.objects.filter(kind="report").count() == 1


@pytest.mark.parametrize("who", ["office_a", "admin_user", "root"])
def test_offices_and_the_administrator_get_no_round_documents(demo, saved, who, request, client_as, dept_a):
    user = request.getfixturevalue(who)
    if who == "office_a":  # an office of the round: it sees the round page, not the documents
        m = demo.measures[5]
        m.lead_department = dept_a
        m.save()
    client = client_as(user)
    page = client.get(reverse("web:round-detail", kwargs={"pk": demo.round.pk}))
    if who == "office_a":
        assert page.status_code == 200 and "整改文书" not in page.content.decode()
    doc = saved["report"]
    for url in (
        reverse("web:round-document", kwargs={"pk": doc.pk}),
        reverse("web:round-document-docx", kwargs={"pk": doc.pk}),
        reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": "measures"}),
        reverse("web:round-document-narrative", kwargs={"pk": demo.round.pk, "kind": "report"}),
    ):
        assert client.get(url).status_code in (403, 404), url
    url = reverse("web:round-document-generate", kwargs={"pk": demo.round.pk, "kind": "report"})
    assert client.post(url).status_code in (403, 404)
    assert RoundDocument.objects.filter(kind="report").count() == 1


def test_a_figure_drills_down_to_its_records(demo, saved, leader, client_as):
    doc = saved["report"]
    response = client_as(leader).get(reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": "done"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "修订党组理论学习中心组学习制度" in body and "制定公务接待管理办法" in body
    assert "开展专题研讨" not in body
    preview = client_as(leader).get(reverse("web:round-document", kwargs={"pk": doc.pk})).content.decode()
    assert reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": "done"}) in preview
    missing = reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": "nonsense"})
    assert client_as(leader).get(missing).status_code == 404


def test_the_narrative_form_saves_and_refuses_bad_text_naming_the_field(demo, supervisor, client_as):
    client = client_as(supervisor)
    url = reverse("web:round-document-narrative", kwargs={"pk": demo.round.pk, "kind": "plan"})
    form = client.get(url)
    assert form.status_code == 200 and "加强组织领导" in form.content.decode()
    bad = client.post(url, {"preamble": "共{{nonsense}}项", "safeguards": "x", "requirements": "y"})
    assert bad.status_code == 400 and "未知的数字代码：nonsense" in bad.content.decode()
    good = client.post(url, {"recipient": "市委巡察办：", "preamble": "新开头{{measures}}项。", "requirements": "要求",
                             "safeguards": "保障", "signature": "中共某局党组"})  # fmt: skip
    assert good.status_code == 302
    doc = services.document_generate(user=supervisor, rnd=demo.round, kind="plan")
    assert doc.narrative["preamble"] == "新开头{{measures}}项。" and doc.narrative["recipient"] == "市委巡察办："


def test_unknown_kind_is_404(demo, supervisor, client_as):
    url = reverse("web:round-document-generate", kwargs={"pk": demo.round.pk, "kind": "memo"})
    assert client_as(supervisor).post(url).status_code == 404


def test_is_public_is_editable_on_the_problem_form(demo, supervisor, client_as):
    problem = demo.problems[1]
    url = reverse("web:problem-edit", kwargs={"pk": problem.pk})
    client = client_as(supervisor)
    assert "可公开" in client.get(url).content.decode()
    data = {"text": problem.text, "aspect": problem.aspect_id, "order": problem.order, "is_public": "on",
            "version": problem.version}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Problem.objects.get(pk=problem.pk).is_public


def test_the_card_shows_each_documents_deadline_from_its_rule(demo, inspector, client_as):

    from rectification.due_dates import set_report_dues

    rnd = demo.round
    set_report_dues(rnd)  # what the round services do on create (the factory does not)
    assert rnd.plan_due_date and rnd.report_due_date and rnd.leader_report_due_date
    rnd.report_submitted_on = rnd.feedback_date + dt.timedelta(days=20)
    rnd.save()
    html = client_as(inspector).get(reverse("web:round-detail", kwargs={"pk": rnd.pk})).content.decode()
    rows = dict(re.findall(r'<tr data-kind="(\w+)">\s*<td>[^<]*</td>\s*<td class="nowrap">(.*?)</td>', html, re.S))
    assert f"{rnd.plan_due_date:%Y-%m-%d}" in rows["plan"]
    assert rows["report"].startswith(f"已于 {rnd.report_submitted_on:%Y-%m-%d} 报送")
    assert f"{rnd.leader_report_due_date:%Y-%m-%d}" in rows["leader_report"]
    assert "—" in rows["public"]
