"""Hand entry of a round's structure: rounds, aspects, problems and measures through the pages.

The rules are the rectification services'; these tests check that the pages reach them, show
their refusals beside the field with what was typed kept, and are closed to everyone else.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rectification import services
from rectification.models import Aspect, DeadlineKind, InspectionRound, Measure, Problem
from tests.factories import PersonFactory
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory
from tests.web.helpers import with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd():
    return RoundFactory(name="2021年市委第三巡察组巡察", feedback_date=dt.date(2021, 9, 15))


@pytest.fixture
def problem(rnd):
    return ProblemFactory(round=rnd, aspect=AspectFactory(round=rnd, title="一、党的政治建设方面"), text="学习不深入")


def _field_errors(html, field):
    """The error list rendered beside one field (``web/_field.html``)."""
    start = html.index(f'data-field="{field}"')
    end = html.find('class="form-row', start)
    return html[start : end if end > 0 else html.index("</form>", start)]


def test_inspector_creates_a_round_from_the_round_list(client_as, inspector):
    client = client_as(inspector)
    listing = client.get(reverse("web:round-list")).content.decode()
    assert reverse("web:round-create") in listing
    response = client.post(
        reverse("web:round-create"),
        with_token(
            inspector,
            {"name": "2023年市委第五巡察组巡察", "inspection_team": "市委第五巡察组", "feedback_date": "2023-06-01"},
        ),
    )
    rnd = InspectionRound.objects.get(name="2023年市委第五巡察组巡察")
    assert response.status_code == 302 and response["Location"] == reverse("web:round-detail", args=[rnd.pk])
    # the service computed the report's due date (2 months from feedback) and the default concentrated period
    assert rnd.report_due_date is not None and rnd.rectification_end == rnd.report_due_date
    assert rnd.created_by == inspector
    assert rnd.history.first().history_user == inspector


def test_a_duplicate_round_name_is_refused_beside_the_field_keeping_the_input(client_as, inspector, rnd):
    response = client_as(inspector).post(
        reverse("web:round-create"),
        with_token(inspector, {"name": rnd.name, "inspected_unit": "某局党组", "feedback_date": "2022-01-05"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"巡察轮次“{rnd.name}”已存在" in _field_errors(html, "name")
    assert 'value="某局党组"' in html and 'value="2022-01-05"' in html
    assert InspectionRound.objects.count() == 1


def test_editing_a_round_passes_only_the_changes_and_checks_dates(client_as, supervisor, rnd):
    client = client_as(supervisor)
    url = reverse("web:round-edit", args=[rnd.pk])
    form = client.get(url).content.decode()
    assert 'value="2021年市委第三巡察组巡察"' in form and 'value="2021-09-15"' in form
    bad = client.post(url, {"name": rnd.name, "feedback_date": "2021-09-15", "rectification_end": "2021-09-01"})
    assert bad.status_code == 400
    assert "集中整改期截止日期不能早于反馈日期" in _field_errors(bad.content.decode(), "rectification_end")
    ok = client.post(url, {"name": "2021年市委第三巡察组巡察（复查）", "feedback_date": "2021-09-15",
                           "rectification_end": "2021-11-15", "notes": "补录"})  # fmt: skip
    assert ok.status_code == 302
    rnd.refresh_from_db()
    assert rnd.name == "2021年市委第三巡察组巡察（复查）" and rnd.notes == "补录"
    assert rnd.history.first().history_change_reason == "修改巡察轮次"


def test_aspects_two_levels_from_the_tree(client_as, inspector, rnd):
    client = client_as(inspector)
    tree = client.get(reverse("web:round-detail", args=[rnd.pk])).content.decode()
    assert reverse("web:aspect-create", args=[rnd.pk]) in tree
    created = client.post(
        reverse("web:aspect-create", args=[rnd.pk]), with_token(inspector, {"title": "一、党的政治建设方面"})
    )
    assert created.status_code == 302
    top = Aspect.objects.get(title="一、党的政治建设方面")
    response = client.post(
        reverse("web:aspect-create", args=[rnd.pk]) + f"?parent={top.pk}",
        with_token(inspector, {"title": "（一）理论学习", "parent": top.pk}),
    )
    child = Aspect.objects.get(title="（一）理论学习")
    assert response.status_code == 302 and response["Location"].endswith(f"#aspect-{child.pk}")
    assert child.parent == top and child.round == rnd
    # the service's rule: an aspect with sub-aspects cannot itself go under another one
    other = AspectFactory(round=rnd, title="二、党的思想建设方面")
    refused = client.post(reverse("web:aspect-edit", args=[top.pk]), {"title": top.title, "parent": other.pk})
    assert refused.status_code == 400
    assert "该方面下已有二级方面，不能再设上级方面" in _field_errors(refused.content.decode(), "parent")
    top.refresh_from_db()
    assert top.parent is None
    tree = client.get(reverse("web:round-detail", args=[rnd.pk])).content.decode()
    assert "（一）理论学习" in tree and reverse("web:aspect-edit", args=[child.pk]) in tree


def test_a_problem_under_an_aspect_and_a_similar_problem_of_an_earlier_round(client_as, inspector, rnd):
    aspect = AspectFactory(round=rnd, title="一、党的政治建设方面")
    earlier = ProblemFactory(round=RoundFactory(name="2018年巡察", feedback_date=dt.date(2018, 5, 1)), text="往轮问题")
    later = ProblemFactory(round=RoundFactory(name="2023年巡察", feedback_date=dt.date(2023, 5, 1)), text="后轮问题")
    client = client_as(inspector)
    url = reverse("web:problem-create", args=[rnd.pk])
    form = client.get(url, {"aspect": aspect.pk}).content.decode()
    assert f'<option value="{aspect.pk}" selected>' in form
    refused = client.post(
        url, with_token(inspector, {"aspect": aspect.pk, "text": "整改不到位", "similar_to": later.pk})
    )
    assert refused.status_code == 400
    assert "往轮类似问题所在轮次的反馈日期应早于本轮" in _field_errors(refused.content.decode(), "similar_to")
    assert "整改不到位" in refused.content.decode()
    fixed = with_token(inspector, {"aspect": aspect.pk, "text": "整改不到位", "similar_to": earlier.pk})
    assert client.post(url, fixed).status_code == 302
    problem = Problem.objects.get(text="整改不到位")
    assert problem.aspect == aspect and problem.similar_to == earlier and problem.order == 1
    edited = client.post(reverse("web:problem-edit", args=[problem.pk]), {"aspect": "", "text": "整改仍不到位"})
    assert edited.status_code == 302
    problem.refresh_from_db()
    assert problem.text == "整改仍不到位" and problem.aspect is None and problem.order == 1  # an empty 序号 keeps it


def test_a_measure_with_its_people_departments_and_deadline(client_as, inspector, problem, dept_a, dept_b):
    # both of the 牵头部门 (rectification.services.assignment)
    leader = PersonFactory(name="分管副局长", is_leader=True, departments=[dept_a])
    person = PersonFactory(name="张三", departments=[dept_a])
    client = client_as(inspector)
    tree = client.get(reverse("web:round-detail", args=[problem.round_id])).content.decode()
    url = reverse("web:measure-create", args=[problem.pk])
    assert url in tree
    response = client.post(url, with_token(inspector) | {
        "content": "修订理论学习制度", "target": "形成长效机制", "responsible_leader": leader.pk,
        "lead_department": dept_a.pk, "co_departments": [dept_b.pk], "responsible_person": person.pk,
        "deadline_kind": DeadlineKind.DATE, "due_date": "2021-12-31",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"#problem-{problem.pk}")
    measure = Measure.objects.get(content="修订理论学习制度")
    assert (measure.responsible_leader, measure.lead_department, measure.responsible_person) == (leader, dept_a, person)
    assert list(measure.co_departments.all()) == [dept_b]
    assert measure.due_date == dt.date(2021, 12, 31) and measure.deadline_text == "2021年12月31日"
    assert measure.created_by == inspector
    long_term = client.post(url, with_token(inspector, {"content": "常态化开展警示教育", "deadline_kind": "long_term"}))
    assert long_term.status_code == 302
    kept = Measure.objects.get(content="常态化开展警示教育")
    assert kept.due_date is None and kept.deadline_text == "长期坚持" and kept.is_long_term


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"deadline_kind": DeadlineKind.LONG_TERM, "due_date": "2021-12-31"}, "due_date", "长期坚持的措施没有完成日期"),
        ({"deadline_kind": DeadlineKind.DATE}, "due_date", "时限类型为“限期完成”时须填写完成时限"),
        ({"deadline_kind": DeadlineKind.DATE, "due_date": "2021-12-31", "co_departments": ["LEAD"]},
         "co_departments", "牵头部门不能同时是配合部门"),
        ({"deadline_kind": DeadlineKind.DATE, "due_date": "2021-13-45"}, "due_date", "输入一个有效的日期。"),
    ],
)  # fmt: skip
def test_measure_errors_are_chinese_beside_the_field_and_keep_the_input(
    client_as, inspector, problem, dept_a, posted, field, message
):
    data = {"content": "写了一半的措施", "target": "目标原文", "lead_department": dept_a.pk, **posted}
    if data.get("co_departments") == ["LEAD"]:
        data["co_departments"] = [dept_a.pk]
    response = client_as(inspector).post(reverse("web:measure-create", args=[problem.pk]), with_token(inspector, data))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in _field_errors(html, field)
    assert "写了一半的措施" in html and "目标原文" in html
    assert f'<option value="{dept_a.pk}" selected>' in html
    assert not Measure.objects.exists()


def test_editing_a_measure_moves_its_deadline_and_text_and_keeps_an_extension(client_as, inspector, office_a,
                                                                              supervisor, problem, dept_a):  # fmt: skip
    # imported from a ledger: only such a measure has a 台账原文 to edit
    measure = MeasureFactory(problem=problem, lead_department=dept_a, content="原措施", deadline_text="2021年底前",
                             due_date=timezone.localdate() + dt.timedelta(days=30), is_imported=True)  # fmt: skip
    client = client_as(inspector)
    url = reverse("web:measure-edit", args=[measure.pk])
    page = client.get(reverse("web:measure-detail", args=[measure.pk])).content.decode()
    assert url in page
    form = client.get(url).content.decode()
    assert "原措施" in form and 'value="2021年底前"' in form
    new_due = timezone.localdate() + dt.timedelta(days=90)
    base = {"problem": problem.pk, "content": "原措施（修订）", "lead_department": dept_a.pk,
            "deadline_kind": DeadlineKind.DATE, "deadline_text": "2021年底前"}  # fmt: skip
    assert client.post(url, {**base, "due_date": new_due.isoformat()}).status_code == 302
    measure.refresh_from_db()
    # a new date without a new 台账原文 regenerates the text rather than keep the stale one
    assert measure.content == "原措施（修订）" and measure.due_date == new_due
    assert measure.deadline_text == f"{new_due.year}年{new_due.month}月{new_due.day}日"
    # after an approved extension the deadline moves only through extensions
    later = new_due + dt.timedelta(days=10)
    services.extension_request(user=office_a, measure=measure, reason="需协调", requested_date=later)
    services.extension_approve(user=supervisor, extension=measure.extensions.get())
    measure.refresh_from_db()
    extended = measure.due_date
    refused = client.post(url, {**base, "deadline_text": measure.deadline_text, "due_date": "2030-01-01"})
    assert refused.status_code == 400
    assert "该措施已批准延期，完成时限只能通过延期审批调整" in _field_errors(refused.content.decode(), "due_date")
    unchanged = client.post(url, {**base, "deadline_text": measure.deadline_text, "due_date": extended.isoformat(),
                                  "remarks": "补充备注"})  # fmt: skip
    assert unchanged.status_code == 302
    measure.refresh_from_db()
    assert measure.due_date == extended and measure.remarks == "补充备注"


def test_only_inspectors_and_supervisors_edit_the_structure(client_as, office_a, leader, problem, dept_a):
    measure = MeasureFactory(problem=problem, lead_department=dept_a)
    urls = [
        reverse("web:round-create"),
        reverse("web:round-edit", args=[problem.round_id]),
        reverse("web:aspect-create", args=[problem.round_id]),
        reverse("web:aspect-edit", args=[problem.aspect_id]),
        reverse("web:problem-create", args=[problem.round_id]),
        reverse("web:problem-edit", args=[problem.pk]),
        reverse("web:measure-create", args=[problem.pk]),
        reverse("web:measure-edit", args=[measure.pk]),
    ]
    for user in (office_a, leader):
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, {"name": "x", "title": "x", "text": "x", "content": "x"}).status_code == 403
        tree = client.get(reverse("web:round-detail", args=[problem.round_id])).content.decode()
        assert "edit-links" not in tree and reverse("web:measure-edit", args=[measure.pk]) not in tree
    assert InspectionRound.objects.count() == 1 and Measure.objects.get().content == measure.content


def test_editing_something_missing_is_404(client_as, inspector):
    client = client_as(inspector)
    for name in ("round-edit", "aspect-create", "aspect-edit", "problem-edit", "measure-create", "measure-edit"):
        assert client.get(reverse(f"web:{name}", args=[99999])).status_code == 404, name


def test_an_empty_submission_reports_the_required_fields(client_as, inspector, problem):
    response = client_as(inspector).post(reverse("web:measure-create", args=[problem.pk]), with_token(inspector))
    assert response.status_code == 400
    assert "该字段是必填项。" in _field_errors(response.content.decode(), "content")
