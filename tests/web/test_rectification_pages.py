"""巡察整改 pages: who sees what, 404 for other departments, workflow through the page, errors kept."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.errors import InvalidTransitionError
from rectification import services
from rectification.models import DeadlineKind, Extension, Measure, MeasureStatus
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory
from tests.web.helpers import form_row, with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd():
    return RoundFactory(name="2021年市委第三巡察组巡察")


@pytest.fixture
def measure_a(rnd, dept_a):
    aspect = AspectFactory(round=rnd, title="一、党的政治建设方面")
    problem = ProblemFactory(round=rnd, aspect=aspect, text="理论学习不深入")
    return MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门牵头的措施")


@pytest.fixture
def measure_b(rnd, dept_b):
    problem = ProblemFactory(round=rnd, text="乙部门的问题")
    return MeasureFactory(problem=problem, lead_department=dept_b, content="乙部门牵头的措施")


def test_office_sees_only_its_department_in_the_round_tree_and_list(client_as, office_a, measure_a, measure_b):
    client = client_as(office_a)
    tree = client.get(reverse("web:round-detail", args=[measure_a.problem.round_id])).content.decode()
    assert "甲部门牵头的措施" in tree and "乙部门牵头的措施" not in tree and "乙部门的问题" not in tree
    listing = client.get(reverse("web:measure-list")).content.decode()
    assert "甲部门牵头的措施" in listing and "乙部门牵头的措施" not in listing


def test_office_gets_404_for_another_departments_measure_and_its_evidence(client_as, office_a, measure_b):
    client = client_as(office_a)
    assert client.get(reverse("web:measure-detail", args=[measure_b.pk])).status_code == 404
    assert client.get(reverse("web:evidence-download", args=[measure_b.pk, 1])).status_code == 404
    assert client.post(reverse("web:measure-detail", args=[measure_b.pk]), {"action": "start"}).status_code == 404


def test_office_reports_progress_with_evidence_then_asks_for_sign_off(client_as, office_a, measure_a):
    client = client_as(office_a)
    url = reverse("web:measure-detail", args=[measure_a.pk])
    upload = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    posted = {"action": "progress", "progress-text": "已修订学习制度", "progress-evidence": upload}
    response = client.post(url, with_token(office_a, posted, prefix="progress"))
    assert response.status_code == 302
    measure_a.refresh_from_db()
    assert measure_a.status == MeasureStatus.IN_PROGRESS
    page = client.get(url).content.decode()
    assert "已修订学习制度" in page and "会议记录.pdf" in page
    evidence = measure_a.evidence.get()
    download = client.get(reverse("web:evidence-download", args=[measure_a.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"

    assert client.post(url, {"action": "submit", "submit-note": "请审核"}).status_code == 302
    measure_a.refresh_from_db()
    assert measure_a.status == MeasureStatus.SUBMITTED


def test_supervisor_signs_off_and_the_page_shows_it(client_as, office_a, supervisor, measure_a):
    services.progress_add(user=office_a, measure=measure_a, text="已完成")
    services.measure_submit(user=office_a, measure=Measure.objects.get(pk=measure_a.pk))
    client = client_as(supervisor)
    url = reverse("web:measure-detail", args=[measure_a.pk])
    assert "审核通过，予以销号" in client.get(url).content.decode()
    assert client.post(url, {"action": "sign_off", "sign_off-note": "材料齐全"}).status_code == 302
    assert "已销号" in client.get(url).content.decode()


def test_a_leader_reads_but_gets_no_workflow_buttons(client_as, leader, measure_a):
    page = client_as(leader).get(reverse("web:measure-detail", args=[measure_a.pk])).content.decode()
    assert "甲部门牵头的措施" in page
    assert 'name="action"' not in page


def test_office_cannot_sign_off_by_posting_the_action(client_as, office_a, measure_a):
    client = client_as(office_a)
    response = client.post(reverse("web:measure-detail", args=[measure_a.pk]), {"action": "sign_off"}, follow=True)
    assert "当前状态下您不能执行此操作" in response.content.decode()
    measure_a.refresh_from_db()
    assert measure_a.status == MeasureStatus.NOT_STARTED


def test_progress_form_errors_are_chinese_beside_the_field_and_keep_input(client_as, office_a, measure_a):
    client = client_as(office_a)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("web:measure-detail", args=[measure_a.pk]),
        with_token(office_a, {"action": "progress", "progress-text": "写了一半的进展", "progress-date": future},
                   prefix="progress"),
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "进展日期不能晚于今天" in html
    assert "写了一半的进展" in html  # nothing typed is lost
    assert 'data-field="progress-date"' in html and "has-error" in html
    empty = client.post(
        reverse("web:measure-detail", args=[measure_a.pk]),
        with_token(office_a, {"action": "progress"}, prefix="progress"),
    )
    assert "该字段是必填项。" in empty.content.decode()


def _submitted(office, measure):
    services.progress_add(user=office, measure=measure, text="已完成")
    return services.measure_submit(user=office, measure=Measure.objects.get(pk=measure.pk))


def test_return_needs_a_reason_beside_the_field(client_as, office_a, supervisor, measure_a):
    _submitted(office_a, measure_a)
    url = reverse("web:measure-detail", args=[measure_a.pk])
    response = client_as(supervisor).post(url, {"action": "return", "return-reason": "   "})
    assert response.status_code == 400
    assert "该字段是必填项。" in form_row(response.content.decode(), "return-reason")
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.SUBMITTED


def test_sign_off_offers_long_term_only_for_a_long_term_measure(client_as, office_a, supervisor, measure_a):
    _submitted(office_a, measure_a)
    client = client_as(supervisor)
    dated = client.get(reverse("web:measure-detail", args=[measure_a.pk])).content.decode()
    assert 'data-field="sign_off-note"' in dated and 'name="sign_off-long_term"' not in dated

    lasting = MeasureFactory(problem=measure_a.problem, lead_department=measure_a.lead_department,
                             deadline_kind=DeadlineKind.LONG_TERM, due_date=None)  # fmt: skip
    _submitted(office_a, lasting)
    url = reverse("web:measure-detail", args=[lasting.pk])
    assert 'name="sign_off-long_term"' in client.get(url).content.decode()
    done = client.post(url, {"action": "sign_off", "sign_off-note": "已建立长效机制", "sign_off-long_term": "on"})
    assert done.status_code == 302
    assert Measure.objects.get(pk=lasting.pk).status == MeasureStatus.LONG_TERM


def test_a_refused_start_is_shown_on_the_page(client_as, office_a, measure_a, monkeypatch):
    def refuse(**kwargs):
        raise InvalidTransitionError("当前状态为“推进中”，不能启动（仅限：未启动）")

    monkeypatch.setattr(services, "measure_start", refuse)
    response = client_as(office_a).post(reverse("web:measure-detail", args=[measure_a.pk]), {"action": "start"})
    assert response.status_code == 400
    html = response.content.decode()
    workflow = html[html.index('data-testid="workflow"') :]
    assert "不能启动" in workflow[: workflow.index("启动整改")]  # inside the 启动整改 form, above its button


def test_an_extension_request_keeps_the_reason_when_the_date_is_refused(client_as, office_a, measure_a):
    response = client_as(office_a).post(
        reverse("web:measure-detail", args=[measure_a.pk]),
        {"action": "request_extension", "request_extension-requested_date": measure_a.due_date.isoformat(),
         "request_extension-reason": "需协调上级部门审批"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "申请延至的日期须晚于当前完成时限" in form_row(html, "request_extension-requested_date")
    assert "需协调上级部门审批" in form_row(html, "request_extension-reason")
    assert not Extension.objects.exists()


def test_extension_decisions_keep_the_note_and_show_errors_beside_it(client_as, office_a, supervisor, measure_a):
    services.measure_start(user=office_a, measure=measure_a)  # in progress: the supervisor has no other step
    later = measure_a.due_date + dt.timedelta(days=30)
    extension = services.extension_request(
        user=office_a, measure=Measure.objects.get(pk=measure_a.pk), reason="需协调上级部门", requested_date=later
    )
    client = client_as(supervisor)
    url = reverse("web:measure-detail", args=[measure_a.pk])
    note = f"extension-{extension.pk}-note"
    assert 'data-testid="extension-decision"' in client.get(url).content.decode()

    refused = client.post(url, {"action": "refuse_extension", "extension": extension.pk})
    assert refused.status_code == 400
    assert "请填写不予批准的理由" in form_row(refused.content.decode(), note)
    extension.refresh_from_db()
    assert extension.status == Extension.Status.PENDING

    Measure.objects.filter(pk=measure_a.pk).update(status=MeasureStatus.SIGNED_OFF)  # signed off meanwhile
    late = client.post(url, {"action": "approve_extension", "extension": extension.pk, note: "同意延至年底"})
    assert late.status_code == 400
    html = late.content.decode()
    assert "同意延至年底" in form_row(html, note)  # what was typed is kept
    assert "不能批准延期" in html[html.index('data-testid="extension-decision"') :]
    extension.refresh_from_db()
    assert extension.status == Extension.Status.PENDING

    assert client.post(url, {"action": "refuse_extension", "extension": extension.pk,
                             note: "期限内可以完成"}).status_code == 302  # fmt: skip
    extension.refresh_from_db()
    assert extension.status == Extension.Status.REFUSED and extension.decision_note == "期限内可以完成"


def test_only_the_supervisor_decides_an_extension_and_never_their_own(client_as, office_a, supervisor, measure_a):
    extension = services.extension_request(
        user=office_a, measure=measure_a, reason="需协调上级部门", requested_date=measure_a.due_date + dt.timedelta(1)
    )
    url = reverse("web:measure-detail", args=[measure_a.pk])
    office = client_as(office_a)
    assert 'data-testid="extension-decision"' not in office.get(url).content.decode()
    posted = office.post(url, {"action": "approve_extension", "extension": extension.pk}, follow=True)
    assert "只有纪检负责人可以审批延期" in posted.content.decode()
    extension.refresh_from_db()
    assert extension.status == Extension.Status.PENDING


def test_measure_list_filters_like_the_api_and_reports_bad_values(client_as, inspector, measure_a, measure_b, dept_b):
    client = client_as(inspector)
    html = client.get(reverse("web:measure-list"), {"department": dept_b.pk}).content.decode()
    assert "乙部门牵头的措施" in html and "甲部门牵头的措施" not in html
    bad = client.get(reverse("web:measure-list"), {"light": "purple"})
    assert bad.status_code == 400 and "甲部门牵头的措施" not in bad.content.decode()


def test_measure_list_query_count_does_not_grow_with_rows(client_as, inspector, rnd, dept_a, dept_b,
                                                          django_assert_max_num_queries):  # fmt: skip
    for i in range(30):
        problem = ProblemFactory(round=rnd)
        MeasureFactory(problem=problem, lead_department=dept_a if i % 2 else dept_b, co_departments=[dept_b])
    client = client_as(inspector)
    # session + user + actor (2) + light policy + count + page + 2 prefetches (co-departments, extensions)
    # + filter form choices (rounds, aspects, departments) + notification count: a fixed number, ~15;
    # + the 下载填报表 bar's department choices (1, for the 纪检 office).
    with django_assert_max_num_queries(20):  # open rows first: one count of both
        response = client.get(reverse("web:measure-list"))
    assert response.status_code == 200 and response.content.decode().count("措施") >= 30


def test_round_tree_and_round_list_query_counts_are_fixed(client_as, inspector, rnd, dept_a,
                                                          django_assert_max_num_queries):  # fmt: skip
    for _ in range(3):
        aspect = AspectFactory(round=rnd)
        for _ in range(4):
            MeasureFactory(problem=ProblemFactory(round=rnd, aspect=aspect), lead_department=dept_a)
    client = client_as(inspector)
    # session read + user + actor (4) + warning policy (twice: the round's counts and the lights)
    # + round with counts + aspects + problems + measures + 2 prefetches + the user's person
    # + the bell's unread count + session save (3, saved on every request) + the 下载填报表 bar's
    # department choices (1) + the 整改文书 card's saved versions (1): 21, whatever the number of rows.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("web:round-detail", args=[rnd.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("web:round-list")).status_code == 200


def test_ledger_import_is_for_inspectors_only(client_as, office_a, leader):
    assert client_as(office_a).get(reverse("web:ledger-import")).status_code == 403
    assert client_as(leader).get(reverse("web:ledger-import")).status_code == 403


def test_ledger_export_of_an_office_holds_only_its_measures(client_as, office_a, measure_a, measure_b):
    import io

    import openpyxl

    response = client_as(office_a).get(reverse("web:round-export", args=[measure_a.problem.round_id]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
    assert "甲部门牵头的措施" in cells and "乙部门牵头的措施" not in cells
