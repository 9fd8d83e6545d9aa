"""Who sees what (rectification.visibility), per role — through the selectors and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from core.scoping import visible_to
from rectification import services
from rectification.models import Aspect, Evidence, Extension, InspectionRound, Measure, Problem, ProgressUpdate
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory


@pytest.fixture
def world(rnd, dept_a, dept_b):
    """Round 1: 一、A方面 → (一)A1 with problem p1 (measure led by dept_a), p2 (dept_b only),
    p3 (dept_b with dept_a co-operating); round 2 only dept_b."""
    top = AspectFactory(round=rnd, title="A方面")
    sub = AspectFactory(round=rnd, title="A1", parent=top)
    other = AspectFactory(round=rnd, title="B方面")
    p1 = ProblemFactory(round=rnd, aspect=sub, text="p1")
    p2 = ProblemFactory(round=rnd, aspect=other, text="p2")
    p3 = ProblemFactory(round=rnd, aspect=other, text="p3")
    mine = MeasureFactory(problem=p1, lead_department=dept_a, content="mine")
    theirs = MeasureFactory(problem=p2, lead_department=dept_b, content="theirs")
    shared = MeasureFactory(problem=p3, lead_department=dept_b, co_departments=[dept_a], content="shared")
    round2 = RoundFactory(name="第二轮")
    elsewhere = MeasureFactory(problem=ProblemFactory(round=round2, text="p4"), lead_department=dept_b)
    return {
        "round": rnd,
        "round2": round2,
        "top": top,
        "sub": sub,
        "other": other,
        "mine": mine,
        "theirs": theirs,
        "shared": shared,
        "elsewhere": elsewhere,
    }


def _visible(model, user):
    return set(visible_to(model, user=user).values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["inspector", "supervisor", "leader"])
def test_discipline_staff_and_leaders_see_everything(request, world, who):
    user = request.getfixturevalue(who)
    assert _visible(Measure, user) == {m.pk for m in Measure.objects.all()}
    assert _visible(InspectionRound, user) == {world["round"].pk, world["round2"].pk}


def test_office_sees_lead_and_co_operating_measures_only(world, office_a):
    assert _visible(Measure, office_a) == {world["mine"].pk, world["shared"].pk}
    assert _visible(Problem, office_a) == {world["mine"].problem_id, world["shared"].problem_id}
    assert _visible(InspectionRound, office_a) == {world["round"].pk}
    # the heading of its problems, and the 大类 above a 方面 it sees — not B方面's siblings of others
    assert _visible(Aspect, office_a) == {world["top"].pk, world["sub"].pk, world["other"].pk}


def test_office_of_another_department(world, office_b):
    assert _visible(Measure, office_b) == {world["theirs"].pk, world["shared"].pk, world["elsewhere"].pk}
    assert _visible(Aspect, office_b) == {world["other"].pk}


def test_system_administrator_sees_nothing(world, admin_user):
    for model in (InspectionRound, Aspect, Problem, Measure, ProgressUpdate, Evidence, Extension):
        assert _visible(model, admin_user) == set()


def test_round_counts_only_what_the_office_sees(world, office_a, inspector, api_as):
    url = reverse("rectification-round-detail", args=[world["round"].pk])
    assert api_as(office_a).get(url).json()["stats"]["measure_total"] == 2
    assert api_as(inspector).get(url).json()["stats"]["measure_total"] == 3


# -- another department's office answers 404 everywhere ---------------------------------------------


@pytest.fixture
def evidence(world, office_b):
    files = [SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 secret")]
    note = services.progress_add(user=office_b, measure=world["theirs"], text="已清退", files=files)
    return note.evidence.get()


def test_other_department_gets_404_on_detail_progress_evidence_and_export(world, evidence, office_a, api_as):
    client = api_as(office_a)
    theirs = world["theirs"].pk
    urls = [
        reverse("rectification-measure-detail", args=[theirs]),
        reverse("rectification-measure-progress", args=[theirs]),
        reverse("rectification-measure-extensions", args=[theirs]),
        reverse("rectification-measure-evidence-download", args=[theirs, evidence.pk]),
        # the evidence id through a measure office_a does see is still not theirs
        reverse("rectification-measure-evidence-download", args=[world["mine"].pk, evidence.pk]),
        reverse("rectification-round-detail", args=[world["round2"].pk]),
        reverse("rectification-round-ledger-export", args=[world["round2"].pk]),
        reverse("rectification-problem-detail", args=[world["theirs"].problem_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for action in ("start", "submit", "sign-off", "return", "request-extension", "progress"):
        assert client.post(f"/api/v1/measures/{theirs}/{action}/", {}, format="json").status_code == 404
    assert not AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD).exists()


def test_evidence_download_for_those_who_may_see_it(world, evidence, office_b, leader, admin_user, api_as):
    url = reverse("rectification-measure-evidence-download", args=[world["theirs"].pk, evidence.pk])
    for user in (office_b, leader):
        response = api_as(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
        assert "attachment" in response["Content-Disposition"]
    assert AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD, user=leader).count() == 1
    assert api_as(admin_user).get(url).status_code == 404


def test_anonymous_gets_nothing(world, api):
    assert api.get(reverse("rectification-measure-list")).status_code in (401, 403)
