"""The measure API: filters (strict), a fixed number of queries per page, writes, workflow actions."""

import datetime as dt

import pytest
from django.urls import reverse

from rectification.models import DeadlineKind, Measure, MeasureCoDepartment
from tests.factories import DepartmentFactory, PersonFactory
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory

LIST = reverse("rectification-measure-list")


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def catalogue(rnd, dept_a, dept_b, today):
    """One measure per interesting state, spread over two rounds and aspects."""
    leader, person = PersonFactory(name="王建国", is_leader=True), PersonFactory(name="李静")
    top = AspectFactory(round=rnd, title="大类")
    sub = AspectFactory(round=rnd, title="方面", parent=top)
    p_top = ProblemFactory(round=rnd, aspect=top)
    p_sub = ProblemFactory(round=rnd, aspect=sub)
    other_round = ProblemFactory(round=RoundFactory(name="另一轮"))
    day = dt.timedelta(days=1)
    return {
        "red": MeasureFactory(
            problem=p_top,
            lead_department=dept_a,
            due_date=today - day,
            status="in_progress",
            content="逾期的学习制度措施",
            responsible_leader=leader,
        ),
        "yellow": MeasureFactory(
            problem=p_sub,
            lead_department=dept_b,
            due_date=today + 5 * day,
            co_departments=[dept_a],
            responsible_person=person,
        ),
        "green": MeasureFactory(problem=p_sub, lead_department=dept_b, due_date=today + 40 * day),
        "grey": MeasureFactory(problem=p_top, lead_department=dept_a, due_date=today - 9 * day, status="signed_off"),
        "long": MeasureFactory(
            problem=p_top, lead_department=dept_b, deadline_kind=DeadlineKind.LONG_TERM, due_date=None
        ),
        "other_round": MeasureFactory(problem=other_round, lead_department=dept_b, due_date=today + 100 * day),
    }


def test_list_shows_departments_people_and_light(catalogue, inspector, api_as):
    rows = {r["id"]: r for r in api_as(inspector).get(LIST).json()["results"]}
    red = rows[catalogue["red"].pk]
    assert (red["light"], red["light_display"], red["overdue"]) == ("red", "红灯", True)
    assert red["lead_department"]["name"] == "受理一处"
    assert red["responsible_leader"]["name"] == "王建国"
    yellow = rows[catalogue["yellow"].pk]
    assert [d["name"] for d in yellow["co_departments"]] == ["受理一处"]
    assert yellow["responsible_person"]["name"] == "李静"
    assert rows[catalogue["long"].pk]["light"] == "none"
    assert rows[catalogue["grey"].pk]["light"] == "grey"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("light=red", {"red"}),
        ("light=yellow", {"yellow"}),
        ("light=green", {"green", "other_round"}),
        ("light=grey", {"grey"}),
        ("light=none", {"long"}),
        ("overdue=true", {"red"}),
        ("overdue=false", {"yellow", "green", "grey", "long", "other_round"}),
        ("status=signed_off", {"grey"}),
        ("status=signed_off&status=in_progress", {"grey", "red"}),
        ("deadline_kind=long_term", {"long"}),
        ("q=逾期的", {"red"}),
    ],
)
def test_filters(catalogue, inspector, api_as, query, expected):
    assert ids(api_as(inspector).get(f"{LIST}?{query}")) == {catalogue[k].pk for k in expected}


def test_relational_and_date_filters(catalogue, rnd, inspector, api_as, today, dept_a):
    client = api_as(inspector)
    c = catalogue
    in_round = {c[k].pk for k in ("red", "yellow", "green", "grey", "long")}
    assert ids(client.get(LIST, {"round": rnd.pk})) == in_round
    top = c["red"].problem.aspect
    # an aspect includes the 方面 under it
    assert ids(client.get(LIST, {"aspect": top.pk})) == in_round
    assert ids(client.get(LIST, {"aspect": c["yellow"].problem.aspect_id})) == {c["yellow"].pk, c["green"].pk}
    # department: lead or co-operating
    assert ids(client.get(LIST, {"department": dept_a.pk})) == {c["red"].pk, c["yellow"].pk, c["grey"].pk}
    assert ids(client.get(LIST, {"responsible_leader": c["red"].responsible_leader_id})) == {c["red"].pk}
    assert ids(client.get(LIST, {"responsible_person": c["yellow"].responsible_person_id})) == {c["yellow"].pk}
    window = {
        "due_from": (today - dt.timedelta(days=2)).isoformat(),
        "due_to": (today + dt.timedelta(days=6)).isoformat(),
    }
    assert ids(client.get(LIST, window)) == {c["red"].pk, c["yellow"].pk}


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "light=purple",
        "overdue=maybe",
        "round=999999",
        "round=abc",
        "department=999999",
        "aspect=999999",
        "due_from=2021-13-01",
        "due_to=yesterday",
        "deadline_kind=soon",
        "ordering=secret_field",
        "ordering=due_date,-nope",
    ],
)
def test_bad_filter_values_are_400(catalogue, inspector, api_as, query):
    response = api_as(inspector).get(f"{LIST}?{query}")
    assert response.status_code == 400, query
    body = response.json()
    assert body["code"] == "invalid"
    assert query.split("=")[0] in body["detail"]


def test_round_filter_does_not_reveal_rounds_an_office_cannot_see(catalogue, office_a, api_as):
    hidden = catalogue["other_round"].problem.round_id
    assert api_as(office_a).get(LIST, {"round": hidden}).status_code == 400  # like a round that does not exist


def test_ordering(catalogue, inspector, api_as):
    dated = api_as(inspector).get(f"{LIST}?ordering=-due_date&deadline_kind=date").json()["results"]
    dues = [r["due_date"] for r in dated]
    assert dues == sorted(dues, reverse=True)


def _bulk_measures(n, dept_a, dept_b, today):
    rounds = [RoundFactory(name=f"批量轮次{i}") for i in range(3)]
    departments = [dept_a, dept_b, *(DepartmentFactory() for _ in range(3))]
    people = [PersonFactory() for _ in range(5)]
    for i in range(n):
        problem = ProblemFactory(round=rounds[i % 3], aspect=AspectFactory(round=rounds[i % 3]) if i % 4 else None)
        MeasureFactory(
            problem=problem,
            lead_department=departments[i % 5],
            co_departments=[departments[(i + 1) % 5], departments[(i + 2) % 5]],
            responsible_leader=people[i % 5],
            responsible_person=people[(i + 1) % 5],
            due_date=today + dt.timedelta(days=i - 10),
        )


@pytest.mark.parametrize("who", ["inspector", "office_a"])
def test_list_page_costs_a_fixed_number_of_queries(
    dept_a, dept_b, today, request, api_as, who, django_assert_max_num_queries
):
    """40 measures, each with 2 co-departments, 2 people and a problem with an aspect.

    9 queries whatever the page size: the user's actor (groups, person, memberships,
    headed departments: 4), the warning-window policy shared by the light filter and the
    rows (1), count (1), the page with its joins (1), the co-departments prefetch (1) and
    the extensions prefetch (1). An N+1 on any relation would cost 19 or more extra.
    """
    _bulk_measures(40, dept_a, dept_b, today)
    user = request.getfixturevalue(who)
    client = api_as(user)
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"page_size": 100, "light": "green"})
    assert response.status_code == 200
    rows = response.json()["results"]
    # green: due more than 10 days ahead (i > 20); office_a leads i%5==0 and co-operates on i%5 in (3, 4)
    expected = sum(1 for i in range(40) if i - 10 > 10 and (who == "inspector" or i % 5 in (0, 3, 4)))
    assert len(rows) == expected
    assert all(len(r["co_departments"]) == 2 for r in rows)


def test_detail_has_reviews_extensions_and_allowed_actions(catalogue, office_a, api_as):
    body = api_as(office_a).get(reverse("rectification-measure-detail", args=[catalogue["red"].pk])).json()
    assert body["reviews"] == [] and body["extensions"] == []
    assert set(body["allowed_actions"]) == {"progress", "submit", "request_extension"}


# -- writes --------------------------------------------------------------------------------------


def test_inspector_creates_and_edits_a_measure(problem, inspector, api_as, dept_a, dept_b):
    client = api_as(inspector)
    payload = {
        "problem": problem.pk,
        "content": "建立告知台账",
        "lead_department": dept_a.pk,
        "co_departments": [dept_b.pk],
        "deadline_kind": "date",
        "due_date": "2030-03-31",
    }
    created = client.post(LIST, payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["due_date"], body["deadline_text"], body["status"]) == ("2030-03-31", "2030年3月31日", "not_started")
    assert [d["id"] for d in body["co_departments"]] == [dept_b.pk]

    url = reverse("rectification-measure-detail", args=[body["id"]])
    patched = client.patch(url, {"co_departments": [], "deadline_kind": "immediate"}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["co_departments"] == []
    assert patched.json()["due_date"] == "2021-10-15"  # rule measure-immediate from 2021-09-15
    measure = Measure.objects.get(pk=body["id"])
    assert measure.history.first().history_user == inspector
    assert MeasureCoDepartment.history.filter(measure_id=measure.pk, history_type="-").count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"content": "x", "deadline_kind": "date"}, "due_date"),
        ({"content": " ", "deadline_kind": "date", "due_date": "2030-01-01"}, "content"),
        ({"content": "x", "deadline_kind": "long_term", "due_date": "2030-01-01"}, "due_date"),
        ({"content": "x", "deadline_kind": "someday"}, "deadline_kind"),
        ({"content": "x", "due_date": "31/03/2030"}, "due_date"),
    ],
)
def test_measure_validation_is_400_with_the_field(problem, inspector, api_as, payload, field):
    response = api_as(inspector).post(LIST, {"problem": problem.pk, **payload}, format="json")
    assert response.status_code == 400
    assert field in response.json()["detail"]


@pytest.mark.parametrize("who", ["office_a", "leader", "admin_user"])
def test_only_discipline_staff_write(measure_a, request, api_as, who):
    client = api_as(request.getfixturevalue(who))
    response = client.patch(
        reverse("rectification-measure-detail", args=[measure_a.pk]), {"content": "改"}, format="json"
    )
    assert response.status_code == (404 if who == "admin_user" else 403)
    assert client.post(LIST, {"problem": measure_a.problem_id, "content": "x"}, format="json").status_code == 403
    assert Measure.objects.get(pk=measure_a.pk).content == "甲部门牵头的措施"


def test_no_delete_endpoint(measure_a, inspector, api_as):
    response = api_as(inspector).delete(reverse("rectification-measure-detail", args=[measure_a.pk]))
    assert response.status_code == 405
    assert Measure.objects.filter(pk=measure_a.pk).exists()


# -- workflow through the API ------------------------------------------------------------------------


def test_the_whole_workflow_over_http(measure_a, office_a, supervisor, api_as):
    office, boss = api_as(office_a), api_as(supervisor)
    base = f"/api/v1/measures/{measure_a.pk}"
    assert office.post(f"{base}/start/", {}, format="json").json()["status"] == "in_progress"
    assert office.post(f"{base}/submit/", {}, format="json").status_code == 409  # no progress yet
    assert office.post(f"{base}/progress/", {"text": "已印发制度"}, format="multipart").status_code == 201
    assert office.post(f"{base}/submit/", {"note": "请审核"}, format="json").json()["status"] == "submitted"
    assert boss.post(f"{base}/return/", {}, format="json").status_code == 400  # reason required
    assert boss.post(f"{base}/return/", {"reason": "材料不全"}, format="json").json()["status"] == "in_progress"
    office.post(f"{base}/submit/", {}, format="json")
    assert office.post(f"{base}/sign-off/", {}, format="json").status_code == 403
    body = boss.post(f"{base}/sign-off/", {"note": "同意销号"}, format="json").json()
    assert body["status"] == "signed_off" and body["light"] == "grey"
    assert [r["action"] for r in body["reviews"]] == ["start", "submit", "return", "submit", "sign_off"]
    assert boss.post(f"{base}/sign-off/", {}, format="json").status_code == 409


def test_extension_over_http(in_progress, office_a, supervisor, api_as):
    base = f"/api/v1/measures/{in_progress.pk}"
    new_date = (in_progress.due_date + dt.timedelta(days=30)).isoformat()
    asked = api_as(office_a).post(
        f"{base}/request-extension/", {"reason": "等待批复", "requested_date": new_date}, format="json"
    )
    assert asked.status_code == 201, asked.content
    ext_id = asked.json()["id"]
    assert api_as(office_a).post(f"{base}/extensions/{ext_id}/approve/", {}, format="json").status_code == 403
    approved = api_as(supervisor).post(f"{base}/extensions/{ext_id}/approve/", {}, format="json")
    assert approved.json()["status"] == "approved"
    detail = api_as(office_a).get(f"{base}/").json()
    assert detail["due_date"] == new_date
    assert detail["original_due_date"] == in_progress.due_date.isoformat()
    assert detail["is_extended"] and detail["extension_count"] == 1
    listed = api_as(office_a).get(f"{base}/extensions/").json()
    assert [e["status"] for e in listed] == ["approved"]
