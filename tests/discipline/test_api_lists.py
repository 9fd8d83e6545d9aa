"""Lists: a fixed number of queries per page, filters, ordering."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from discipline.models import Clue, Recommendation
from discipline.services import recommendations as rec_services
from organization.roles import Role
from tests.discipline.factories import (
    DepartmentFactory,
    PersonFactory,
    clue_at,
    draft_recommendation,
    issued_recommendation,
    make_petition,
    register_clue,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db
S = Clue.Status
ROWS = 36

# A list page costs, whatever its length:
#   4  actor: groups, person, memberships, headed departments
#   4  light context: policy, entered calendar years, entered days, rules' units
#   2  count + page
# = 10 (measured); a margin of 2 for backend differences. An N+1 over 36 rows
# (subject, department, handler, petition …) would add ≥ 36.
LIST_QUERIES = 12


def fresh(user):
    """The user as a new request sees it: roles and departments not yet resolved."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def many_clues(inspector, supervisor):
    """36 clues in every stage, each with its own subject, department, handler and petition."""
    stages = list(S)
    clues = []
    for i in range(ROWS):
        handler = make_user(Role.INSPECTOR, username=f"handler{i}", person_name=f"承办{i}")
        subject = PersonFactory(name=f"被反映{i}", departments=[DepartmentFactory(name=f"部门{i}")])
        petition = make_petition(inspector, subject_person=subject) if i % 3 == 0 else None
        extra = {"source": Clue.Source.PETITION, "source_petition": petition} if petition else {}
        clues.append(
            clue_at(
                stages[i % len(stages)],
                registrar=inspector,
                supervisor=supervisor,
                handler=handler,
                subject=subject,
                **extra,
            )
        )
    return clues


def test_the_clue_list_page_has_a_fixed_query_count(many_clues, inspector, api_as, django_assert_max_num_queries):
    client = api_as(fresh(inspector))
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("clue-list"), {"page_size": 100})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == ROWS
    assigned = {r["handler_name"] for r in rows if r["status"] != S.REGISTERED}
    assert assigned == {f"承办{i}" for i in range(ROWS) if i % len(S) != 0}
    assert sum(1 for r in rows if r["source_petition_number"]) == ROWS // 3


def test_the_clue_detail_has_a_fixed_query_count(many_clues, inspector, api_as, django_assert_max_num_queries):
    # detail: 4 actor + 4 light context + clue + steps + opinions + outcomes = 12, plus margin
    clue = many_clues[-1]
    with django_assert_max_num_queries(14):
        response = api_as(fresh(inspector)).get(reverse("clue-detail", kwargs={"pk": clue.pk}))
    assert len(response.json()["steps"]) == clue.steps.count()


def test_the_recommendation_list_page_has_a_fixed_query_count(
    inspector, office_a, dept_a, api_as, django_assert_max_num_queries
):
    for i in range(ROWS):
        department = dept_a if i % 2 else DepartmentFactory(name=f"主送{i}")
        rec = issued_recommendation(inspector, department=department, title=f"关于第{i}项的纪律检查建议")
        if i % 3 == 0:
            rec_services.recommendation_reply(user=inspector, rec=rec, reply_text="已回复")
    # 4 actor + light context (policy, calendar ×2, rule) + count + page = 10, plus margin
    for user, expected in ((inspector, ROWS), (office_a, ROWS // 2)):
        with django_assert_max_num_queries(LIST_QUERIES):
            response = api_as(fresh(user)).get(reverse("recommendation-list"), {"page_size": 100})
        assert len(response.json()["results"]) == expected


def test_clue_filters_and_ordering(inspector, supervisor, api_as):
    today = timezone.localdate()
    dept = DepartmentFactory(name="督办处")
    a = register_clue(
        inspector,
        received_date=today - dt.timedelta(days=20),
        subject=PersonFactory(name="张某", departments=[dept]),
        summary="违规发放津贴",
    )
    b = clue_at(
        S.EXECUTING,
        registrar=inspector,
        supervisor=supervisor,
        disposal=Clue.Disposal.DEFER,
        received_date=today - dt.timedelta(days=5),
        source=Clue.Source.INSPECTION,
        inspection_round="区委第二巡察组",
    )
    c = clue_at(
        S.CONCLUDED,
        registrar=inspector,
        supervisor=supervisor,
        source=Clue.Source.PETITION,
        source_petition=make_petition(inspector),
    )
    client = api_as(inspector)

    def ids(**params):
        response = client.get(reverse("clue-list"), params)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids(status=S.REGISTERED) == [a.pk]
    assert set(ids(status=[S.REGISTERED, S.EXECUTING])) == {a.pk, b.pk}
    assert ids(disposal="defer") == [b.pk]
    assert ids(source="inspection") == [b.pk]
    assert ids(department=dept.pk) == [a.pk]
    assert ids(text="津贴") == [a.pk]
    assert ids(text="第二巡察组") == [b.pk]
    assert ids(text="张某") == [a.pk]
    assert set(ids(received_from=(today - dt.timedelta(days=6)).isoformat())) == {b.pk, c.pk}
    assert ids(received_to=(today - dt.timedelta(days=10)).isoformat()) == [a.pk]
    assert ids(concluded_from=today.isoformat()) == [c.pk]
    assert ids(year=today.year, seq=1) == [a.pk]
    assert ids(year=today.year - 5) == []
    assert ids(feedback_pending="true") == [c.pk]  # concluded from a petition, 信访 office not yet told
    assert ids(ordering="received_date") == [a.pk, b.pk, c.pk]
    assert ids(ordering="-seq") == [c.pk, b.pk, a.pk]
    assert ids() == [c.pk, b.pk, a.pk]  # newest number first


def test_recommendation_filters_and_ordering(inspector, dept_a, dept_b, api_as):
    today = timezone.localdate()
    old = issued_recommendation(
        inspector, department=dept_a, issued_on=today - dt.timedelta(days=40), title="关于财务管理的纪律检查建议"
    )
    new = issued_recommendation(inspector, department=dept_b, issued_on=today, title="关于作风建设的纪律检查建议")
    draft = draft_recommendation(inspector, department=dept_a)
    client = api_as(inspector)

    def ids(**params):
        response = client.get(reverse("recommendation-list"), params)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids(status="draft") == [draft.pk]
    assert set(ids(department=dept_a.pk)) == {old.pk, draft.pk}
    assert ids(text="财务") == [old.pk]
    assert ids(issued_from=(today - dt.timedelta(days=1)).isoformat()) == [new.pk]
    assert ids(year=today.year, status="issued", ordering="seq") == [
        r.pk for r in Recommendation.objects.filter(status="issued", year=today.year).order_by("seq")
    ]
    assert ids(ordering="-issued_on")[:2] == [new.pk, old.pk]
