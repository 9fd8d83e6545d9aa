"""The petition API refuses bad input with clear 400s, filters its lists and keeps its query counts fixed."""

import pytest
from django.urls import reverse

from organization.roles import Role
from petitions import services
from petitions.models import Kind, Petition
from tests.factories import make_user
from tests.petitions.api_helpers import registration_body, sheet_rows
from tests.petitions.factories import REPORTER, accepted, category, register

pytestmark = pytest.mark.django_db

IDENTITY_WORDS = [REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address]


def _no_identity(text):
    return [w for w in IDENTITY_WORDS if w in text]


# -- bad input: clear 400s, never 500 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"received_at": "yesterday"}, "received_at"),
        ({"received_at": None}, "received_at"),
        ({"channel": "pigeon"}, "channel"),
        ({"kind": 3}, "kind"),
        ({"category": "abc"}, "category"),
        ({"category": 999999}, "category"),
        ({"subject_person": 999999}, "subject_person"),
        ({"repeat_of": [1, 2]}, "repeat_of"),
        ({"is_named": "perhaps"}, "is_named"),
        ({"informant": "张三"}, "informant"),
        ({"informant": {"phone": "12"}}, "informant"),
        ({"informant": None}, "informant"),  # 实名 without a reporter
        ({"summary": ""}, "summary"),
        ({"restricted_reason": "superior"}, "restricted_reason"),  # a complaint cannot be restricted
        ({"received_at": "2099-01-01T00:00:00+08:00"}, "received_at"),
        ({"summary": "x" * 3000}, "summary"),
    ],
)
def test_malformed_registrations_are_clear_400s(api_as, inspector, body, field):
    response = api_as(inspector).post(reverse("petition-list"), registration_body(**body), format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] == "invalid" and field in data["detail"], data
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    ['{"received_at": ', "[]", '"text"', "null", '{"informant": []}'],
    ids=["truncated", "list", "str", "null", "x"],
)
def test_unparseable_or_wrong_shaped_bodies_are_400(api_as, inspector, raw):
    response = api_as(inspector).post(reverse("petition-list"), raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("petition-reject", {}, "reason"),
        ("petition-escalate", {"reason": "boss"}, "reason"),
        ("petition-transfer", {"department": "x", "summary": "s"}, "department"),
        ("petition-transfer", {"department": 1}, "summary"),
        ("petition-conclude", {"result": "r", "outcomes": [{"kind": "shout"}]}, "outcomes"),
        ("petition-conclude", {"result": "r", "outcomes": "all"}, "outcomes"),
        ("petition-conclude", {"result": "r", "concluded_on": "31/12/2026"}, "concluded_on"),
        ("petition-notify", {"method": "pigeon"}, "method"),
        ("petition-notify", {"method": "phone", "on": "soon"}, "on"),
        ("petition-feedback", {}, "method"),
        ("petition-extensions", {"days": "abc", "reason": "r"}, "days"),
        ("petition-extensions", {"days": 0, "reason": "r"}, "days"),
    ],
)
def test_malformed_action_bodies_are_clear_400s(api_as, inspector, action, body, field):
    petition = register(inspector)
    response = api_as(inspector).post(reverse(action, args=[petition.pk]), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["detail"]


@pytest.mark.parametrize(
    ("url_name", "body", "field"),
    [
        ("identity-request-list", {"petition": "abc", "reason": "r"}, "petition"),
        ("identity-request-list", {"petition": 1}, "reason"),
    ],
)
def test_malformed_identity_requests_are_400(api_as, inspector, url_name, body, field):
    register(inspector)
    response = api_as(inspector).post(reverse(url_name), body, format="json")
    assert response.status_code == 400 and field in response.json()["detail"]


def test_refusing_without_a_reason_is_a_clear_400_and_decides_nothing(api_as, inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    extension = services.extension_request(user=inspector, petition=petition, days=15, reason="复杂")
    asker = make_user(Role.INSPECTOR, username="asker", person_name="申请人")
    access_request = services.identity_request_create(user=asker, petition=petition, reason="需联系举报人")
    client = api_as(supervisor)
    for url_name, obj in (("petition-extension-refuse", extension), ("identity-request-refuse", access_request)):
        for body in ({}, {"note": "  "}):  # no body once reached the service without ``note`` (500)
            response = client.post(reverse(url_name, args=[obj.pk]), body, format="json")
            assert response.status_code == 400, (url_name, body, response.content)
            data = response.json()
            assert data["message"] and data["detail"]["note"] == ["请填写不予批准的理由"], data
        obj.refresh_from_db()
        assert obj.status == "pending" and obj.decided_by is None
    client.post(reverse("identity-request-refuse", args=[access_request.pk]), {"note": "无必要"}, format="json")
    again = client.post(reverse("identity-request-approve", args=[access_request.pk]), {}, format="json")
    assert again.status_code == 409 and again.json()["message"] == "该申请已审批（不予批准），不能再审批"


def test_malformed_patch_is_400(api_as, inspector):
    petition = register(inspector)
    client = api_as(inspector)
    for body, field in (({"kind": "nope"}, "kind"), ({"summary": ""}, "summary"), ({}, "non_field_errors")):
        r = client.patch(reverse("petition-detail", args=[petition.pk]), {**body, "reason": "核对"}, format="json")
        assert r.status_code == 400 and field in r.json()["detail"], r.content


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "gossip"},
        {"channel": "x"},
        {"status": "done"},
        {"category": "abc"},
        {"department": "999999"},
        {"received_after": "not-a-date"},
        {"received_before": "2026-13-01"},
        {"due_before": "x"},
        {"overdue": "perhaps"},
        {"light": "purple"},
        {"is_named": "maybe"},
        {"office_status": "lost"},
        {"subject_person": "99999999999999999999"},  # beyond any id: once an OverflowError (500)
    ],
)
def test_malformed_query_strings_are_400(api_as, inspector, query):
    register(inspector)
    for url_name in ("petition-list", "petition-export", "petition-transfer-list"):
        response = api_as(inspector).get(reverse(url_name), query)
        assert response.status_code == 400, (url_name, query)
        assert set(query) & set(response.json()["detail"])


def test_odd_pages_and_orderings_are_not_500(api_as, inspector):
    register(inspector)
    client = api_as(inspector)
    assert client.get(reverse("petition-list"), {"page": "abc"}).status_code == 404
    # the content is no sort key (it is not listed): a 400 naming the field, as for every list
    unordered = client.get(reverse("petition-list"), {"ordering": "content"})
    assert unordered.status_code == 400 and "ordering" in unordered.json()["detail"]
    assert client.get(reverse("petition-list"), {"page_size": "-3"}).status_code == 200
    assert client.get(reverse("petition-detail", args=["abc"])).status_code == 404


# -- filters --------------------------------------------------------------------------------------------------


def test_filters_narrow_the_list(api_as, inspector, dept_a):
    complaint = register(inspector, subject_department=dept_a)
    suggestion = register(
        inspector,
        kind=Kind.SUGGESTION,
        channel="letter",
        category=category("办事效率"),
        summary="建议延长服务时间",
        content="周末也开放",
        informant=None,
    )
    client = api_as(inspector)

    def ids(**query):
        return {r["id"] for r in client.get(reverse("petition-list"), query).json()["results"]}

    assert ids(kind="suggestion") == {suggestion.pk}
    assert ids(channel="letter") == {suggestion.pk}
    assert ids(category=category("办事效率").pk) == {suggestion.pk}
    assert ids(department=dept_a.pk) == {complaint.pk}
    assert ids(status="registered") == {complaint.pk, suggestion.pk}
    assert ids(light="green") == {complaint.pk}  # the suggestion owes nothing: no light
    assert ids(light="none") == {suggestion.pk}
    assert ids(overdue="true") == set()
    assert ids(text="态度") == {complaint.pk}
    assert ids(informant_code=complaint.informant.code) == {complaint.pk}
    assert ids(received_after="2000-01-01", received_before="2000-01-02") == set()


def test_overdue_and_red_light(api_as, inspector):
    import datetime as dt

    from django.utils import timezone

    late = register(inspector, received_at=timezone.now() - dt.timedelta(days=40))
    fresh = register(inspector)
    client = api_as(inspector)
    red = client.get(reverse("petition-list"), {"light": "red"}).json()["results"]
    assert [r["id"] for r in red] == [late.pk] and red[0]["light"] == "red"
    assert [r["id"] for r in client.get(reverse("petition-list"), {"overdue": "false"}).json()["results"]] == [fresh.pk]


# -- query counts ---------------------------------------------------------------------------------------------


@pytest.fixture
def thirty_five(inspector, dept_a):
    petitions = [register(inspector, summary=f"第{i}件") for i in range(35)]
    for petition in petitions[:32]:
        services.petition_transfer(
            user=inspector, petition=services.petition_accept(user=inspector, petition=petition), department=dept_a,
            summary=f"转办{petition.pk}",
        )  # fmt: skip
    return petitions


def test_staff_list_query_count_is_fixed(api_as, inspector, thirty_five, django_assert_max_num_queries):
    client = api_as(inspector)
    # auth/actor (4: groups, person, memberships, headed) + count + page (joins category, people,
    # departments, informant code) + light context (policy, calendar years, calendar days) = 10
    with django_assert_max_num_queries(10):
        response = client.get(reverse("petition-list"), {"page_size": 100})
    assert len(response.json()["results"]) == 35


def test_office_list_query_count_is_fixed(api_as, office_a, thirty_five, django_assert_max_num_queries):
    client = api_as(office_a)
    # actor (4) + count + page + light context (3) + the transfer rule's unit (1) = 10
    for url_name in ("petition-list", "petition-transfer-list"):
        with django_assert_max_num_queries(10):
            response = client.get(reverse(url_name), {"page_size": 100})
        assert len(response.json()["results"]) == 32


def test_export_query_count_is_fixed(api_as, supervisor, thirty_five, django_assert_max_num_queries):
    # actor (4) + count (1: a larger export would go to a background job) + rows (1)
    # + light context (3) + unit profile (1) + the audit row (1) = 11
    with django_assert_max_num_queries(11):
        response = api_as(supervisor).get(reverse("petition-export"))
    assert len(sheet_rows(response.content)) == 3 + 35


def test_request_lists_query_count_is_fixed(api_as, inspector, supervisor, thirty_five, django_assert_max_num_queries):
    askers = [make_user(Role.INSPECTOR, username=f"asker{i}", person_name=f"申请人{i}") for i in range(31)]
    for asker, petition in zip(askers, thirty_five, strict=False):
        services.identity_request_create(user=asker, petition=petition, reason="核查")
    # actor (4) + count + page with petition and users joined = 6
    with django_assert_max_num_queries(6):
        rows = api_as(supervisor).get(reverse("identity-request-list"), {"page_size": 100}).json()["results"]
    assert len(rows) == 31


@pytest.mark.parametrize("url_name", ["identity-request-list", "petition-extension-list", "identity-view-list"])
def test_request_and_log_lists_reject_bad_filters_and_hide_existence(api_as, supervisor, inspector, url_name):
    petition = register(inspector, subject_person=supervisor.person)  # invisible to the supervisor (回避)
    client = api_as(supervisor)
    assert client.get(reverse(url_name), {"petition": "abc"}).status_code == 400
    too_big = client.get(reverse(url_name), {"petition": "99999999999999999999"})  # once an OverflowError (500)
    assert too_big.status_code == 400 and "petition" in too_big.json()["detail"], too_big.content
    assert client.get(reverse(url_name), {"status": "nope", "basis": "nope"}).status_code == 400
    assert client.get(reverse(url_name), {"petition": petition.pk}).json()["count"] == 0
    assert client.get(reverse(url_name), {"petition": 99999999}).json()["count"] == 0
