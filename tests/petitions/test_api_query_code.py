"""查询码 over the API: registration with a code, issue, lookup (one body for every miss), the log, roles."""

import pytest
from django.urls import reverse

from petitions import query_code
from petitions.models import Petition, QueryCodeLookup
from tests.factories import make_user
from tests.petitions.api_helpers import registration_body
from tests.petitions.factories import accepted
from tests.petitions.test_query_code import _closed

pytestmark = pytest.mark.django_db

LOOKUP = "query-code-lookup-list"


def test_registration_returns_the_code_once(api_as, inspector):
    client = api_as(inspector)
    response = client.post(reverse("petition-list"), registration_body(issue_query_code=True), format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["query_code"]
    assert "no-store" in response["Cache-Control"]
    detail = client.get(reverse("petition-detail", args=[response.json()["id"]]))
    assert code not in detail.content.decode() and "query_code" not in detail.json()
    found = client.post(reverse(LOOKUP), {"code": code.lower()}, format="json")
    assert found.status_code == 200 and found.json()["found"] is True


def test_registration_with_a_code_but_no_contact_is_refused_and_writes_nothing(api_as, inspector):
    body = registration_body(issue_query_code=True, is_named=False, informant={"name": "张某"})
    response = api_as(inspector).post(reverse("petition-list"), body, format="json")
    assert response.status_code == 400
    assert "issue_query_code" in response.json()["detail"]
    assert not Petition.objects.exists()


def test_issue_and_reissue_over_the_api(api_as, inspector):
    petition = accepted(inspector)
    client = api_as(inspector)
    first = client.post(reverse("petition-query-code", args=[petition.pk])).json()["query_code"]
    second = client.post(reverse("petition-query-code", args=[petition.pk])).json()["query_code"]
    bodies = [client.post(reverse(LOOKUP), {"code": c}, format="json").json() for c in (first, second)]
    assert bodies[0] == query_code.NOT_FOUND | {"due": None} and bodies[1]["found"] is True


def test_every_miss_answers_the_same_body(api_as, inspector):
    client = api_as(inspector)
    open_one = accepted(inspector)
    code_closed = query_code.issue(inspector, open_one)
    closed = _closed(inspector)
    Petition.objects.filter(pk=open_one.pk).update(query_code_hmac="")
    Petition.objects.filter(pk=closed.pk).update(query_code_hmac=query_code._fingerprint(code_closed))
    archived = accepted(inspector)
    code_archived = query_code.issue(inspector, archived)
    Petition.objects.get(pk=archived.pk).archive()
    responses = [
        client.post(reverse(LOOKUP), {"code": c}, format="json")
        for c in (query_code.generate(), code_closed, code_archived)
    ]
    assert {r.status_code for r in responses} == {200}
    assert responses[0].content == responses[1].content == responses[2].content
    assert responses[0].json()["message"] == "未查到，请核对查询码"


def test_an_empty_code_is_a_400_naming_the_field(api_as, inspector):
    response = api_as(inspector).post(reverse(LOOKUP), {"code": " - "}, format="json")
    assert response.status_code == 400 and "code" in response.json()["detail"]
    assert not QueryCodeLookup.objects.exists()


def test_rate_limit_answers_429(api_as, inspector, monkeypatch):
    monkeypatch.setattr(query_code, "MAX_MISSES", 2)
    client = api_as(inspector)
    statuses = [
        client.post(reverse(LOOKUP), {"code": query_code.generate()}, format="json").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    rows = client.get(reverse(LOOKUP)).json()["results"]
    assert [(r["found"], r["refused"]) for r in rows] == [(False, True), (False, False), (False, False)]


def test_the_log_supervisor_sees_all_inspectors_their_own(api_as, inspector, supervisor, django_assert_max_num_queries):
    other = make_user("inspector", username="inspector2", person_name="纪检干部乙")
    for user in (inspector, other, other, supervisor):
        query_code.lookup(user, query_code.generate())
    # Two queries however many rows: the page of lookups with their users (joined), and the count.
    with django_assert_max_num_queries(2 + 8):  # + session/auth/role reads of the request
        rows = api_as(supervisor).get(reverse(LOOKUP)).json()["results"]
    assert len(rows) == 4 and set(rows[0]) == {"id", "user", "at", "found", "refused"}
    mine = api_as(other).get(reverse(LOOKUP)).json()["results"]
    assert len(mine) == 2


@pytest.mark.parametrize("who", ["leader", "office_a", "admin_user", "root"])
def test_no_one_but_discipline_staff(request, api_as, inspector, who):
    user = make_user(username="root_only", superuser=True) if who == "root" else request.getfixturevalue(who)
    petition = accepted(inspector)
    code = query_code.issue(inspector, petition)
    query_code.lookup(inspector, code)
    client = api_as(user)
    assert client.post(reverse(LOOKUP), {"code": code}, format="json").status_code == 403
    assert client.get(reverse(LOOKUP)).status_code == 403
    assert client.post(reverse("petition-query-code", args=[petition.pk])).status_code in (403, 404)
    assert QueryCodeLookup.objects.count() == 1
