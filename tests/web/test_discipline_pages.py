"""问题线索 and 纪律检查建议书 pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline.models import Clue, Recommendation
from tests.discipline.factories import clue_at, draft_recommendation, issued_recommendation, register_clue
from tests.web.helpers import form_row

pytestmark = pytest.mark.django_db


def test_clues_are_for_discipline_staff_and_leaders_see_counts_only(client_as, inspector, leader, office_a):
    clue = register_clue(inspector, summary="反映某某违规收受礼金")
    assert "反映某某违规收受礼金" in client_as(inspector).get(reverse("web:clue-list")).content.decode()
    leader_page = client_as(leader).get(reverse("web:clue-list")).content.decode()
    assert "问题线索统计" in leader_page and "反映某某违规收受礼金" not in leader_page
    assert client_as(leader).get(reverse("web:clue-detail", args=[clue.pk])).status_code == 403
    assert client_as(office_a).get(reverse("web:clue-list")).status_code == 403


def test_supervisor_approves_a_discussed_disposal_on_the_page(client_as, inspector, supervisor):
    clue = clue_at(Clue.Status.DISCUSSED, registrar=inspector, supervisor=supervisor)
    url = reverse("web:clue-detail", args=[clue.pk])
    assert "审批同意" in client_as(supervisor).get(url).content.decode()
    assert "审批同意" not in client_as(inspector).get(url).content.decode()  # only the supervisor approves
    client_as(supervisor).post(url, {"action": "approve", "approve-note": "同意"})
    clue.refresh_from_db()
    assert clue.status == Clue.Status.APPROVED


def test_discussion_needs_two_members_and_keeps_the_opinions(client_as, inspector, supervisor):
    clue = clue_at(Clue.Status.PROPOSED, registrar=inspector, supervisor=supervisor)
    person = clue.subject_person.__class__.objects.exclude(pk=clue.subject_person_id).first()
    response = client_as(inspector).post(
        reverse("web:clue-detail", args=[clue.pk]),
        {"action": "discuss", "discuss-member_1": person.pk, "discuss-opinion_1": "同意拟办意见"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "集体研究至少需要 2 名参会人员" in html and "同意拟办意见" in html


def test_clue_register_form_errors(client_as, inspector):
    response = client_as(inspector).post(reverse("web:clue-create"), {"summary": "摘要已填"})
    assert response.status_code == 400
    assert "该字段是必填项。" in response.content.decode() and "摘要已填" in response.content.decode()


def test_office_replies_to_its_own_recommendation_only(client_as, inspector, office_a, office_b, dept_a):
    rec = issued_recommendation(inspector, department=dept_a)
    url = reverse("web:recommendation-detail", args=[rec.pk])
    assert client_as(office_b).get(url).status_code == 404
    assert rec.title not in client_as(office_b).get(reverse("web:recommendation-list")).content.decode()
    client = client_as(office_a)
    assert "回复" in client.get(url).content.decode()
    empty = client.post(url, {"action": "reply"})
    assert empty.status_code == 400 and "该字段是必填项。" in empty.content.decode()
    client.post(url, {"action": "reply", "reply-reply_text": "已完善接待审批制度"})
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPLIED


def test_office_does_not_see_drafts_and_inspector_issues_them(client_as, inspector, office_a, dept_a):
    rec = draft_recommendation(inspector, department=dept_a)
    assert client_as(office_a).get(reverse("web:recommendation-detail", args=[rec.pk])).status_code == 404
    client_as(inspector).post(reverse("web:recommendation-detail", args=[rec.pk]), {"action": "issue"})
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ISSUED and rec.number


def test_issuing_after_the_set_reply_deadline_is_refused_beside_the_date(client_as, inspector, dept_a):
    today = timezone.localdate()
    rec = draft_recommendation(inspector, department=dept_a, reply_due_date=today - dt.timedelta(days=3))
    typed = (today - dt.timedelta(days=1)).isoformat()
    response = client_as(inspector).post(
        reverse("web:recommendation-detail", args=[rec.pk]), {"action": "issue", "issue-issued_on": typed}
    )
    assert response.status_code == 400
    row = form_row(response.content.decode(), "issue-issued_on")
    assert "回复期限必须晚于制发日期" in row and f'value="{typed}"' in row
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.DRAFT


def test_clue_and_recommendation_lists_query_counts(client_as, inspector, supervisor, dept_a,
                                                     django_assert_max_num_queries):  # fmt: skip
    for _ in range(12):
        register_clue(inspector)
        issued_recommendation(inspector, department=dept_a)
    client = client_as(supervisor)
    with django_assert_max_num_queries(
        19
    ):  # fixed: session, actor, lights (policy, calendar, rules), page, count, saved filters
        assert client.get(reverse("web:clue-list")).status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get(reverse("web:recommendation-list")).status_code == 200


def test_drafting_a_recommendation_is_for_staff_and_keeps_bad_input(client_as, inspector, office_a, leader):
    from discipline.models import Recommendation

    url = reverse("web:recommendation-create")
    assert client_as(office_a).get(url).status_code == 403
    assert client_as(leader).get(url).status_code == 403
    assert client_as(office_a).post(url, {"title": "越权起草"}).status_code == 403
    response = client_as(inspector).post(url, {"title": "关于规范接听电话的建议"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "关于规范接听电话的建议" in html and "errorlist" in html  # typed text kept, errors shown
    assert not Recommendation.objects.exists()  # nothing half-written
