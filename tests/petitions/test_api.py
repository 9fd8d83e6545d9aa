"""The petitions API: workflow over HTTP, identity masking everywhere, clear 400s, fixed query counts, files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditLog
from organization.roles import Role
from petitions import notifications, services
from petitions.models import IdentityViewLog, Kind, Petition, RestrictedReason, Status
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, category, concluded, register, transferred

pytestmark = pytest.mark.django_db

IDENTITY_WORDS = [REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address]


def _no_identity(text):
    return [w for w in IDENTITY_WORDS if w in text]


def _body(**overrides):
    body = {
        "received_at": "2026-01-05T09:30:00+08:00",
        "channel": "hotline",
        "kind": "complaint",
        "is_named": True,
        "category": category().pk,
        "summary": "接线员态度差",
        "content": "详细内容",
        "informant": REPORTER.as_dict(),
    }
    body.update(overrides)
    return body


# -- registration and workflow over HTTP ----------------------------------------------------------------------


def test_register_through_the_api_never_echoes_the_identity(api_as, inspector):
    response = api_as(inspector).post(reverse("petition-list"), _body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == "信〔2026〕1号" and data["informant_code"] == "R2026-0001"
    assert _no_identity(response.content.decode()) == []
    assert data["notify_due"] and data["deadlines"][0]["legal_basis"]


def test_workflow_over_http(api_as, inspector, office_a, dept_a):
    client = api_as(inspector)
    pk = client.post(reverse("petition-list"), _body(), format="json").json()["id"]

    assert client.post(reverse("petition-accept", args=[pk])).json()["status"] == Status.ACCEPTED
    assert client.post(reverse("petition-accept", args=[pk])).status_code == 409
    r = client.post(reverse("petition-transfer", args=[pk]), {"department": dept_a.pk, "summary": "请核查"})
    assert r.status_code == 200 and r.json()["status"] == Status.TRANSFERRED
    r = api_as(office_a).post(reverse("petition-transfer-reply", args=[pk]), {"reply": "已整改"}, format="json")
    assert r.status_code == 200 and r.json()["office_status"] == "replied"
    r = client.post(
        reverse("petition-conclude", args=[pk]),
        {"result": "已整改", "outcomes": [{"kind": "criticism", "department": dept_a.pk}]},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["outcomes"][0]["form"] == 1
    r = client.post(reverse("petition-notify", args=[pk]), {"method": "phone"})
    assert r.status_code == 200 and r.json()["notified_on"]
    r = client.post(reverse("petition-feedback", args=[pk]), {"method": "written", "note": "满意"})
    assert r.status_code == 200 and r.json()["light"] == "grey"


def test_patch_corrects_and_put_is_not_offered(api_as, inspector):
    petition = register(inspector)
    client = api_as(inspector)
    r = client.patch(reverse("petition-detail", args=[petition.pk]), {"summary": "新摘要"}, format="json")
    assert r.status_code == 200 and r.json()["summary"] == "新摘要"
    assert client.put(reverse("petition-detail", args=[petition.pk]), {}, format="json").status_code == 405
    assert client.delete(reverse("petition-detail", args=[petition.pk])).status_code == 405


def test_extension_and_identity_request_over_http(api_as, inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    other = make_user(Role.INSPECTOR, username="asker", person_name="申请人")
    r = api_as(inspector).post(reverse("petition-extensions", args=[petition.pk]), {"days": 15, "reason": "复杂"})
    assert r.status_code == 201
    r = api_as(supervisor).post(reverse("petition-extension-approve", args=[r.json()["id"]]), {"note": "同意"})
    assert r.status_code == 200 and r.json()["new_due"]

    r = api_as(other).post(reverse("identity-request-list"), {"petition": petition.pk, "reason": "需联系举报人"})
    assert r.status_code == 201
    assert api_as(other).get(reverse("petition-identity", args=[petition.pk])).status_code == 403
    r = api_as(supervisor).post(reverse("identity-request-approve", args=[r.json()["id"]]), {})
    assert r.status_code == 200 and r.json()["is_active"]
    r = api_as(other).get(reverse("petition-identity", args=[petition.pk]))
    assert r.status_code == 200 and r.json()["name"] == REPORTER.name and r.json()["basis"] == "request"
    assert "no-store" in r["Cache-Control"]
    views = api_as(supervisor).get(reverse("identity-view-list")).json()["results"]
    assert [(v["petition"], v["basis"]) for v in views] == [(petition.pk, "request")]


# -- masking --------------------------------------------------------------------------------------------------


def test_list_detail_history_and_events_hold_no_identity(api_as, inspector):
    petition = concluded(inspector)
    client = api_as(inspector)  # even the registrar: only the identity endpoint reveals
    listing = client.get(reverse("petition-list")).content.decode()
    detail = client.get(reverse("petition-detail", args=[petition.pk])).content.decode()
    assert _no_identity(listing) == [] and _no_identity(detail) == []
    assert petition.informant.code in listing
    history = " ".join(str(row.__dict__) for row in Petition.history.all())
    history += " ".join(str(row.__dict__) for row in petition.informant.history.all())
    assert _no_identity(history) == []
    assert not IdentityViewLog.objects.exists()  # reading lists is not viewing an identity


def test_an_active_superuser_without_the_grant_sees_only_the_code(api_as, inspector):
    root = make_user(Role.INSPECTOR, username="root", person_name="超级管理员兼纪检", superuser=True)
    petition = register(inspector)
    client = api_as(root)

    detail = client.get(reverse("petition-detail", args=[petition.pk]))
    assert detail.status_code == 200
    assert detail.json()["informant_code"] == petition.informant.code
    assert detail.json()["can_view_identity"] is False
    assert _no_identity(detail.content.decode()) == []
    assert _no_identity(client.get(reverse("petition-list")).content.decode()) == []
    identity = client.get(reverse("petition-identity", args=[petition.pk]))
    assert identity.status_code == 403 and _no_identity(identity.content.decode()) == []
    export = client.get(reverse("petition-export"))
    assert _no_identity(_sheet_text(export.content)) == []


def test_notification_payloads_carry_no_identity_and_no_content(inspector, dept_a):
    petition = transferred(inspector, dept_a)
    staff, office = notifications.staff_payload(petition), notifications.office_payload(petition)
    for payload in (staff, office):
        text = str(payload)
        assert _no_identity(text) == [] and petition.informant.code not in text and petition.content not in text
    assert staff["due_date"] == petition.next_due and staff["rule"]
    assert office["due_date"] == petition.transfer_due and petition.transfer_summary not in str(office)


def test_the_identity_endpoint_logs_every_view(api_as, inspector):
    petition = register(inspector)
    client = api_as(inspector)
    for _ in range(2):
        r = client.get(reverse("petition-identity", args=[petition.pk]))
        assert r.json() | {} == r.json() and r.json()["phone"] == REPORTER.phone
    assert IdentityViewLog.objects.filter(petition=petition, user=inspector).count() == 2
    assert AuditLog.objects.filter(event=AuditLog.Event.IDENTITY_VIEW, user=inspector).count() == 2
    anonymous = register(inspector, informant=None, is_named=False)
    assert client.get(reverse("petition-identity", args=[anonymous.pk])).status_code == 404


# -- export ---------------------------------------------------------------------------------------------------


def _sheet_text(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None)


def _sheet_rows(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def test_the_ledger_export(api_as, inspector, supervisor, office_a, leader):
    formula = register(inspector, summary='=HYPERLINK("http://x","点我")')
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.PRINCIPAL_LEADER)

    response = api_as(supervisor).get(reverse("petition-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response.content)
    header = rows[2]
    assert header[:3] == ("序号", "编号", "收到日期")
    data = {row[1]: dict(zip(header, row, strict=False)) for row in rows[3:]}
    assert data[formula.number]["内容摘要"].startswith("'=")
    assert data[formula.number]["举报人代号"] == formula.informant.code
    assert "上级管辖件" in data[restricted.number]["内容摘要"]
    assert _no_identity(_sheet_text(response.content)) == []
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert log.user == supervisor and log.detail["rows"] == 2
    assert api_as(leader).get(reverse("petition-export")).status_code == 200
    assert api_as(office_a).get(reverse("petition-export")).status_code == 403


def test_the_export_follows_the_filters(api_as, inspector):
    register(inspector, kind=Kind.COMPLAINT)
    wanted = register(inspector, kind=Kind.SUGGESTION)
    rows = _sheet_rows(api_as(inspector).get(reverse("petition-export"), {"kind": "suggestion"}).content)
    assert [r[1] for r in rows[3:]] == [wanted.number]


# -- files ----------------------------------------------------------------------------------------------------


def _upload(name="letter.pdf", data=b"%PDF-1.4 test"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_attachments_are_checked_on_the_way_in_and_out(api_as, inspector, office_a, office_b, dept_a):
    petition = transferred(inspector, dept_a)
    staff, office = api_as(inspector), api_as(office_a)

    r = staff.post(reverse("petition-attachments", args=[petition.pk]), {"file": _upload()}, format="multipart")
    assert r.status_code == 201
    original = r.json()["id"]
    bad = staff.post(
        reverse("petition-attachments", args=[petition.pk]), {"file": _upload("x.exe")}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()["detail"]
    assert staff.post(reverse("petition-attachments", args=[petition.pk]), {}, format="multipart").status_code == 400

    r = office.post(reverse("petition-transfer-attachments", args=[petition.pk]), {"file": _upload("reply.pdf")},
                    format="multipart")  # fmt: skip
    assert r.status_code == 201
    reply = r.json()["id"]

    # the office lists and downloads only its reply material, never the original letter
    listed = office.get(reverse("petition-transfer-attachments", args=[petition.pk])).json()
    assert [a["id"] for a in listed] == [reply]
    assert office.get(reverse("petition-transfer-download", args=[petition.pk, original])).status_code == 404
    download = office.get(reverse("petition-transfer-download", args=[petition.pk, reply]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD, user=office_a).count() == 1
    assert api_as(office_b).get(reverse("petition-transfer-download", args=[petition.pk, reply])).status_code == 404
    assert staff.get(reverse("petition-download", args=[petition.pk, original])).status_code == 200


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
    response = api_as(inspector).post(reverse("petition-list"), _body(**body), format="json")
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
        r = client.patch(reverse("petition-detail", args=[petition.pk]), body, format="json")
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
    assert client.get(reverse("petition-list"), {"ordering": "content"}).status_code == 200
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
    assert len(_sheet_rows(response.content)) == 3 + 35


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
