"""The measure list's bulk bar (web.views.bulk): checkboxes, 批量销号/退回, 改派, 导出所选/筛选结果."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditLog
from rectification.models import Measure, MeasureStatus
from tests.factories import PersonFactory
from tests.rectification.bulk_helpers import submitted_measures
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db
BULK = "web:measure-bulk"


def _list(client, **params):
    return client.get(reverse("web:measure-list"), params)


def _cells(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)


def test_list_query_count_is_the_same_for_3_and_30_measures(client_as, supervisor, dept_a, dept_b,
                                                            django_assert_num_queries):  # fmt: skip
    PersonFactory(name="甲处人员", departments=[dept_a])
    problem = ProblemFactory(round=RoundFactory())
    client = client_as(supervisor)

    def make(n):
        for i in range(n):
            MeasureFactory(problem=problem, lead_department=dept_a, co_departments=[dept_b] if i % 2 else [])

    make(3)
    _list(client, department=dept_a.pk)  # warm the session and caches, like any later page
    with CaptureQueriesContext(connection) as three:
        assert _list(client, department=dept_a.pk).content.decode().count('name="ids"') == 3
    make(27)
    # The list's own queries (count, page, two prefetches, filter choices, …) plus one for the bulk
    # bar's people of the filtered department: the same number whatever the rows.
    with django_assert_num_queries(len(three.captured_queries)):
        assert _list(client, department=dept_a.pk).content.decode().count('name="ids"') == 30


def test_bar_offers_each_user_only_what_they_may_do(client_as, supervisor, inspector, office_a, dept_a, settings):
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = False
    PersonFactory(name="甲处人员", departments=[dept_a])
    MeasureFactory(lead_department=dept_a)

    boss = _list(client_as(supervisor), department=dept_a.pk).content.decode()
    assert all(word in boss for word in ("批量销号", "批量退回", "改派责任人", "甲处人员", "导出所选", "data-bulk-all"))
    staff = _list(client_as(inspector)).content.decode()
    assert "批量销号" not in staff and "按责任部门筛选后可改派责任人" in staff
    office = _list(client_as(office_a)).content.decode()
    assert "导出所选" in office
    assert all(word not in office for word in ("批量销号", "批量退回", "新责任人"))


def test_bulk_sign_off_goes_back_to_the_filtered_list_with_a_message(client_as, supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 3)
    back = reverse("web:measure-list") + f"?department={dept_a.pk}"

    response = client_as(supervisor).post(
        reverse(BULK), {"action": "sign_off", "ids": [m.pk for m in measures], "next": back}, follow=True
    )

    assert response.redirect_chain == [(back, 302)]
    assert "已批量销号3项整改措施" in response.content.decode()
    assert set(Measure.objects.filter(pk__in=[m.pk for m in measures]).values_list("status", flat=True)) == {
        MeasureStatus.SIGNED_OFF
    }


def test_a_refused_batch_lists_each_refused_measure_and_changes_nothing(client_as, supervisor, office_a, dept_a):
    ready = submitted_measures(office_a, dept_a, 2)
    stray = MeasureFactory(lead_department=dept_a, content="还在推进的措施", status=MeasureStatus.IN_PROGRESS)

    ids = [*(m.pk for m in ready), stray.pk]
    response = client_as(supervisor).post(reverse(BULK), {"action": "sign_off", "ids": ids})

    assert response.status_code == 409
    page = response.content.decode()
    assert "批量销号未执行：1项措施不能办理" in page
    assert "还在推进的措施" in page and "当前状态为“推进中”，不能审核销号" in page
    assert not Measure.objects.filter(status=MeasureStatus.SIGNED_OFF).exists()


def test_bulk_return_without_a_reason_is_a_400_naming_it(client_as, supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 1)
    response = client_as(supervisor).post(reverse(BULK), {"action": "return", "ids": [measures[0].pk], "reason": ""})
    assert response.status_code == 400 and "请填写退回理由" in response.content.decode()
    assert Measure.objects.get(pk=measures[0].pk).status == MeasureStatus.SUBMITTED


def test_bad_ids_nothing_ticked_and_unknown_action_are_400s(client_as, supervisor):
    client = client_as(supervisor)
    assert client.post(reverse(BULK), {"action": "sign_off", "ids": ["x"]}).status_code == 400
    nothing = client.post(reverse(BULK), {"action": "sign_off"})
    assert nothing.status_code == 400 and "请至少选择一项整改措施" in nothing.content.decode()
    assert client.post(reverse(BULK), {"action": "drop", "ids": ["1"]}).status_code == 400


def test_an_office_cannot_sign_off_in_bulk(client_as, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 1)
    assert client_as(office_a).post(reverse(BULK), {"action": "sign_off", "ids": [measures[0].pk]}).status_code == 403
    assert Measure.objects.get(pk=measures[0].pk).status == MeasureStatus.SUBMITTED


def test_the_bulk_form_needs_its_csrf_token(supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    assert client.post(reverse(BULK), {"action": "sign_off", "ids": [measures[0].pk]}).status_code == 403
    assert Measure.objects.get(pk=measures[0].pk).status == MeasureStatus.SUBMITTED


def test_next_never_leads_off_the_list(client_as, supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 1)
    for evil in ("https://evil.example/", "//evil.example/x", "/admin/"):
        response = client_as(supervisor).post(
            reverse(BULK), {"action": "return", "reason": "退回", "ids": [measures[0].pk], "next": evil}
        )
        assert response.url == reverse("web:measure-list")
        Measure.objects.filter(pk=measures[0].pk).update(status=MeasureStatus.SUBMITTED)


def test_reassign_to_another_departments_person_is_refused_on_the_page(client_as, inspector, dept_a, dept_b):
    outsider = PersonFactory(name="外部门人员", departments=[dept_b])
    measure = MeasureFactory(lead_department=dept_a)
    response = client_as(inspector).post(
        reverse(BULK), {"action": "reassign", "ids": [measure.pk], "person": outsider.pk}
    )
    assert response.status_code == 400
    assert "外部门人员不是受理一处的人员" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).responsible_person is None


def test_reassign_on_the_page(client_as, inspector, dept_a):
    person = PersonFactory(name="新责任人", departments=[dept_a])
    measures = [MeasureFactory(lead_department=dept_a) for _ in range(2)]
    response = client_as(inspector).post(
        reverse(BULK), {"action": "reassign", "ids": [m.pk for m in measures], "person": person.pk}, follow=True
    )
    assert "已改派2项整改措施的责任人" in response.content.decode()
    assert Measure.objects.filter(responsible_person=person).count() == 2


# -- exports ---------------------------------------------------------------------------------------


def test_export_selected_writes_only_the_ticked_rows_the_user_sees(client_as, office_a, dept_a, dept_b):
    problem = ProblemFactory(round=RoundFactory(name="第三巡察组巡察"))
    mine = MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门勾选的措施")
    MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门未勾选的措施")
    theirs = MeasureFactory(problem=problem, lead_department=dept_b, content="乙部门的措施")

    response = client_as(office_a).post(reverse(BULK), {"action": "export", "ids": [mine.pk, theirs.pk]})

    assert response.status_code == 200
    cells = _cells(response)
    assert "甲部门勾选的措施" in cells
    assert "甲部门未勾选的措施" not in cells and "乙部门的措施" not in cells
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert (log.user, log.target, log.detail["measures"]) == (office_a, "整改台账：第三巡察组巡察（部分措施）", 1)


def test_export_of_only_invisible_ids_is_refused_as_empty(client_as, office_a, dept_b):
    theirs = MeasureFactory(lead_department=dept_b, content="乙部门的措施")
    response = client_as(office_a).post(reverse(BULK), {"action": "export", "ids": [theirs.pk]})
    assert response.status_code == 400 and "没有可导出的整改措施" in response.content.decode()
    assert "乙部门的措施" not in response.content.decode()


def test_export_filtered_writes_the_lists_current_filter(client_as, inspector, dept_a, dept_b):
    problem = ProblemFactory(round=RoundFactory())
    MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门的措施")
    MeasureFactory(problem=problem, lead_department=dept_b, content="乙部门的措施")

    response = client_as(inspector).get(reverse("web:measure-export"), {"department": dept_a.pk})

    assert response.status_code == 200
    cells = _cells(response)
    assert "甲部门的措施" in cells and "乙部门的措施" not in cells


def test_export_filtered_over_several_rounds_asks_for_a_round(client_as, inspector, dept_a):
    MeasureFactory(problem=ProblemFactory(round=RoundFactory()), lead_department=dept_a)
    MeasureFactory(problem=ProblemFactory(round=RoundFactory()), lead_department=dept_a)
    response = client_as(inspector).get(reverse("web:measure-export"))
    assert response.status_code == 400 and "分属2个巡察轮次" in response.content.decode()


def test_export_filtered_with_a_bad_filter_is_a_400(client_as, inspector):
    response = client_as(inspector).get(reverse("web:measure-export"), {"light": "purple"})
    assert response.status_code == 400 and "筛选条件有误" in response.content.decode()


def test_a_large_selection_goes_to_the_background_job(client_as, inspector, dept_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1
    problem = ProblemFactory(round=RoundFactory())
    measures = [MeasureFactory(problem=problem, lead_department=dept_a) for _ in range(3)]
    MeasureFactory(problem=problem, lead_department=dept_a)
    response = client_as(inspector).post(reverse(BULK), {"action": "export", "ids": [m.pk for m in measures]})
    assert response.status_code == 302 and "/jobs/" in response.url
    from core.models import Job

    job = Job.objects.get()
    assert job.parameters["measure_ids"] == sorted(m.pk for m in measures)
