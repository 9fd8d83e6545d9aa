"""Issue 14: forms people can fill — required marks, an error summary on top as well as errors beside
each field, 责任人/责任领导 only of the chosen 牵头部门 (the page narrows, the service refuses), a
searchable 参加人员, and no 台账原文 on a hand-entered measure."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import ApplicationError
from rectification import services
from rectification.models import DeadlineKind, Measure
from tests.factories import PersonFactory
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.importing import FEEDBACK, SAMPLE, import_into
from tests.web.helpers import form_row, with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem():
    return ProblemFactory(round=RoundFactory(feedback_date=dt.date(2021, 9, 15)), text="学习不深入")


@pytest.fixture
def people(dept_a, dept_b):
    """受理一处: a member and a leader who is a member; 督办处: a member, and a head who is no member."""
    head = PersonFactory(name="督办处长")
    dept_b.head = head
    dept_b.save()
    return {
        "a_member": PersonFactory(name="一处科员", departments=[dept_a]),
        "a_leader": PersonFactory(name="分管副局长", is_leader=True, departments=[dept_a]),
        "b_member": PersonFactory(name="督办科员", departments=[dept_b]),
        "b_head": head,
    }


def _create(client, user, problem, **data):
    base = {"content": "修订学习制度", "deadline_kind": DeadlineKind.DATE, "due_date": "2021-12-31"}
    return client.post(reverse("web:measure-create", args=[problem.pk]), with_token(user, base | data))


def _summary(html):
    start = html.index('data-testid="error-summary"')
    return html[start : html.index("</div>", start)]


# -- required fields ----------------------------------------------------------------------------


def test_required_fields_carry_a_star_and_aria_required_and_optional_ones_neither(client_as, inspector, problem):
    html = client_as(inspector).get(reverse("web:measure-create", args=[problem.pk])).content.decode()
    content, target = form_row(html, "content"), form_row(html, "target")
    assert '<span class="req" aria-hidden="true">*</span>' in content
    assert re.search(r'<textarea[^>]*aria-required="true"', content)
    assert "req" not in target and "aria-required" not in target
    assert 'aria-required="true"' in form_row(html, "deadline_kind")  # a required <select>
    assert '带<span class="req">*</span>的为必填项' in html


def test_required_marks_on_a_prefixed_form_too(client_as, inspector):
    html = client_as(inspector).get(reverse("web:records")).content.decode()
    title = form_row(html, "activity-title")
    assert 'class="req"' in title and 'aria-required="true"' in title
    assert "aria-required" not in form_row(html, "activity-persons")


# -- the error summary ----------------------------------------------------------------------------


def test_an_empty_submit_lists_every_error_on_top_linking_to_its_field_and_beside_it(client_as, inspector, problem):
    response = _create(client_as(inspector), inspector, problem, content="", deadline_kind="")
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert '<a href="#id_content">整改措施：该字段是必填项。</a>' in summary
    assert '<a href="#id_deadline_kind">时限类型：该字段是必填项。</a>' in summary
    # beside the field as well, and the control points at it for a screen reader
    row = form_row(html, "content")
    assert 'id="id_content_error"' in row and "该字段是必填项。" in row
    assert re.search(r'<textarea[^>]*aria-describedby="id_content_error"[^>]*aria-invalid="true"', row) or re.search(
        r'<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="id_content_error"', row
    )
    assert not Measure.objects.exists()


def test_a_service_refusal_is_in_the_summary_too(client_as, inspector, problem):
    response = _create(client_as(inspector), inspector, problem, due_date="")
    assert response.status_code == 400
    assert '<a href="#id_due_date">完成时限：时限类型为“限期完成”时须填写完成时限</a>' in _summary(
        response.content.decode()
    )


def test_the_summary_links_a_prefixed_field_by_its_id(client_as, inspector):
    response = client_as(inspector).post(
        reverse("web:records"),
        with_token(inspector, {"form": "activity", "activity-date": "2021-05-01"}, prefix="activity"),
    )
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert '<a href="#id_activity-title">标题/事由：该字段是必填项。</a>' in summary


def test_no_summary_on_a_fresh_form(client_as, inspector, problem):
    html = client_as(inspector).get(reverse("web:measure-create", args=[problem.pk])).content.decode()
    assert "error-summary" not in html


# -- 责任人 / 责任领导 of the chosen department: the page ---------------------------------------------------


def test_people_options_say_which_departments_each_person_is_of(client_as, inspector, problem, people, dept_a, dept_b):
    html = client_as(inspector).get(reverse("web:measure-create", args=[problem.pk])).content.decode()
    row = form_row(html, "responsible_person")
    assert 'data-typeahead-department="id_lead_department"' in row and "data-typeahead" in row
    assert f'<option value="{people["a_member"].pk}" data-departments="{dept_a.pk}">' in row
    # a head is of the department they head, though not a member
    assert f'<option value="{people["b_head"].pk}" data-departments="{dept_b.pk}">' in row
    assert f'data-departments="{dept_a.pk}"' in form_row(html, "responsible_leader")


def test_a_person_of_another_department_is_refused_beside_the_field(client_as, inspector, problem, people, dept_a):
    response = _create(
        client_as(inspector), inspector, problem,
        lead_department=dept_a.pk, responsible_person=people["b_member"].pk, responsible_leader=people["b_head"].pk,
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "责任人“督办科员”不是牵头部门“受理一处”的人员" in form_row(html, "responsible_person")
    assert "责任领导“督办处长”不是牵头部门“受理一处”的人员" in form_row(html, "responsible_leader")
    summary = _summary(html)
    assert 'href="#id_responsible_person"' in summary and 'href="#id_responsible_leader"' in summary
    assert "修订学习制度" in html  # what was typed is kept
    assert not Measure.objects.exists()


def test_people_of_the_department_and_its_head_are_accepted(client_as, inspector, problem, people, dept_a, dept_b):
    client = client_as(inspector)
    ok = _create(client, inspector, problem, lead_department=dept_a.pk, responsible_person=people["a_member"].pk,
                 responsible_leader=people["a_leader"].pk)  # fmt: skip
    assert ok.status_code == 302
    head = _create(client, inspector, problem, content="另一措施", lead_department=dept_b.pk,
                   responsible_person=people["b_head"].pk)  # fmt: skip
    assert head.status_code == 302
    assert Measure.objects.get(content="另一措施").responsible_person == people["b_head"]


def test_without_a_department_anyone_may_be_named(client_as, inspector, problem, people):
    response = _create(client_as(inspector), inspector, problem, responsible_person=people["b_member"].pk)
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["999999", "abc", "1 OR 1=1", "-1"])
def test_a_forged_person_id_is_a_400_naming_the_field(client_as, inspector, problem, dept_a, value):
    response = _create(client_as(inspector), inspector, problem, lead_department=dept_a.pk, responsible_person=value)
    assert response.status_code == 400
    assert "选择一个有效的选项" in form_row(response.content.decode(), "responsible_person")
    assert not Measure.objects.exists()


def test_only_managers_get_the_people_list(client_as, office_a, leader, problem, people):
    """The form (and with it every person's departments) is for 纪检 staff; an office or a leader gets 403."""
    for user in (office_a, leader):
        response = client_as(user).get(reverse("web:measure-create", args=[problem.pk]))
        assert response.status_code == 403
        assert "督办科员" not in response.content.decode()


def test_the_measure_form_costs_the_same_queries_for_many_people(
    client_as, inspector, problem, dept_a, dept_b, django_assert_num_queries
):
    """The departments on each option come from one prefetch of memberships per people <select> and
    one read of the department heads, whatever the number of people: an N+1 would add a query per
    person and field. The count is the one taken with a single person."""
    client = client_as(inspector)
    url = reverse("web:measure-create", args=[problem.pk])
    PersonFactory(departments=[dept_a])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    memberships = [q for q in few if 'FROM "organization_membership"' in q["sql"]]
    assert len(memberships) <= 3  # the two people <select>s, and the actor's own departments
    for i in range(30):
        PersonFactory(departments=[dept_a if i % 2 else dept_b])
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


# -- 责任人 / 责任领导 of the chosen department: the service -----------------------------------------------


def test_the_service_refuses_a_person_of_another_department(inspector, problem, people, dept_a):
    with pytest.raises(ApplicationError) as refused:
        services.measure_create(
            user=inspector, problem=problem, content="措施", due_date=dt.date(2021, 12, 31),
            lead_department=dept_a, responsible_person=people["b_member"],
        )  # fmt: skip
    assert refused.value.code == "not_in_department" and refused.value.status == 400
    assert set(refused.value.detail) == {"responsible_person"}
    assert not Measure.objects.exists()


def test_moving_a_measure_to_another_department_refuses_its_people_and_writes_nothing(
    inspector, problem, people, dept_a, dept_b
):
    measure = services.measure_create(
        user=inspector, problem=problem, content="措施", due_date=dt.date(2021, 12, 31),
        lead_department=dept_a, responsible_person=people["a_member"],
    )  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        services.measure_update(user=inspector, measure=measure, lead_department=dept_b, content="改过的措施")
    assert "responsible_person" in refused.value.detail
    measure.refresh_from_db()
    assert (measure.lead_department, measure.content) == (dept_a, "措施")
    moved = services.measure_update(
        user=inspector, measure=measure, lead_department=dept_b, responsible_person=people["b_member"]
    )
    assert (moved.lead_department, moved.responsible_person) == (dept_b, people["b_member"])


def test_a_measure_named_before_the_rule_can_still_be_edited_elsewhere(inspector, problem, people, dept_a):
    """A ledger import may name a 分管领导 outside the department: editing the text does not refuse it."""
    measure = MeasureFactory(problem=problem, lead_department=dept_a, responsible_leader=people["b_head"])
    services.measure_update(user=inspector, measure=measure, content="只改措施内容")
    measure.refresh_from_db()
    assert measure.content == "只改措施内容" and measure.responsible_leader == people["b_head"]


# -- 台账原文 only on an imported measure --------------------------------------------------------------


def test_a_hand_entered_measure_shows_no_ledger_text(client_as, inspector, problem):
    measure = services.measure_create(user=inspector, problem=problem, content="措施", due_date=dt.date(2021, 12, 31))
    assert not measure.is_imported
    client = client_as(inspector)
    assert "台账原文" not in client.get(reverse("web:measure-detail", args=[measure.pk])).content.decode()
    form = client.get(reverse("web:measure-edit", args=[measure.pk])).content.decode()
    assert "台账原文" not in form and 'name="deadline_text"' not in form
    assert "台账原文" not in client.get(reverse("web:measure-create", args=[problem.pk])).content.decode()


def test_a_hand_entered_measures_deadline_text_follows_its_deadline(client_as, inspector, problem):
    measure = services.measure_create(user=inspector, problem=problem, content="措施", due_date=dt.date(2021, 12, 31))
    response = client_as(inspector).post(
        reverse("web:measure-edit", args=[measure.pk]),
        {"problem": problem.pk, "content": "措施", "deadline_kind": DeadlineKind.DATE, "due_date": "2022-03-31",
         "deadline_text": "伪造的原文", "version": measure.version},
    )  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.deadline_text == "2022年3月31日"


def test_an_imported_measure_shows_and_edits_its_ledger_text(client_as, inspector, problem):
    measure = MeasureFactory(problem=problem, is_imported=True, deadline_text="2021年底前")
    client = client_as(inspector)
    detail = client.get(reverse("web:measure-detail", args=[measure.pk])).content.decode()
    assert "台账原文：2021年底前" in detail
    form = client.get(reverse("web:measure-edit", args=[measure.pk])).content.decode()
    assert 'name="deadline_text"' in form and 'value="2021年底前"' in form


def test_the_ledger_import_marks_its_measures(inspector):
    import_into(SAMPLE.read_bytes(), RoundFactory(name="2021年市委第三巡察组巡察", feedback_date=FEEDBACK), inspector)
    assert Measure.objects.count() == 8 and not Measure.objects.filter(is_imported=False).exists()


def test_the_migration_marks_measures_first_written_by_an_import(problem):
    from importlib import import_module

    migration = import_module("rectification.migrations.0004_measure_is_imported")
    by_hand = MeasureFactory(problem=problem)
    imported = MeasureFactory(problem=problem)
    imported.history.filter(history_type="+").update(history_change_reason="由整改台账导入（工作表“台账”第5行）")
    migration.mark_imported(apps, None)
    by_hand.refresh_from_db()
    imported.refresh_from_db()
    assert imported.is_imported and not by_hand.is_imported
    assert imported.history.get(history_type="+").is_imported


# -- 参加人员 ---------------------------------------------------------------------------------------------


def test_participants_are_a_searchable_multi_select_of_active_people(client_as, inspector):
    active, gone = PersonFactory(name="在职人员"), PersonFactory(name="离职人员", is_active=False)
    html = client_as(inspector).get(reverse("web:records")).content.decode()
    row = form_row(html, "activity-persons")
    assert re.search(r'<select name="activity-persons"[^>]*data-typeahead', row) and "multiple" in row
    assert f'value="{active.pk}"' in row and f'value="{gone.pk}"' not in row


def test_a_participant_who_is_not_offered_is_refused(client_as, inspector):
    gone = PersonFactory(name="离职人员", is_active=False)
    data = {"form": "activity", "activity-kind": "", "activity-date": "2021-05-01", "activity-title": "谈话",
            "activity-persons": [gone.pk]}  # fmt: skip
    response = client_as(inspector).post(reverse("web:records"), with_token(inspector, data, prefix="activity"))
    assert response.status_code == 400
    row = form_row(response.content.decode(), "activity-persons")
    assert "选择一个有效的选项" in row and "离职人员" not in row
