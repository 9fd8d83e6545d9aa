"""The petitions API: workflow over HTTP, identity masking everywhere, the ledger export, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from organization.roles import Role
from petitions import notifications
from petitions.models import IdentityViewLog, Kind, Petition, RestrictedReason, Status
from tests.factories import make_user
from tests.petitions.api_helpers import registration_body, sheet_rows, sheet_text
from tests.petitions.factories import REPORTER, accepted, concluded, register, transferred

pytestmark = pytest.mark.django_db

IDENTITY_WORDS = [REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address]


def _no_identity(text):
    return [w for w in IDENTITY_WORDS if w in text]


# -- registration and workflow over HTTP ----------------------------------------------------------------------


def test_register_through_the_api_never_echoes_the_identity(api_as, inspector):
    response = api_as(inspector).post(reverse("petition-list"), registration_body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == "信〔2026〕1号" and data["informant_code"] == "R2026-0001"
    assert _no_identity(response.content.decode()) == []
    assert data["notify_due"] and data["deadlines"][0]["legal_basis"]


def test_workflow_over_http(api_as, inspector, office_a, dept_a):
    client = api_as(inspector)
    pk = client.post(reverse("petition-list"), registration_body(), format="json").json()["id"]

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
    r = client.patch(
        reverse("petition-detail", args=[petition.pk]), {"summary": "新摘要", "reason": "摘要录错"}, format="json"
    )
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
    assert _no_identity(sheet_text(export.content)) == []


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


def test_the_ledger_export(api_as, inspector, supervisor, office_a, leader):
    formula = register(inspector, summary='=HYPERLINK("http://x","点我")')
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.PRINCIPAL_LEADER)

    response = api_as(supervisor).get(reverse("petition-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    header = rows[2]
    assert header[:3] == ("序号", "编号", "收到日期")
    data = {row[1]: dict(zip(header, row, strict=False)) for row in rows[3:]}
    assert data[formula.number]["内容摘要"].startswith("'=")
    assert data[formula.number]["举报人代号"] == formula.informant.code
    assert "上级管辖件" in data[restricted.number]["内容摘要"]
    assert _no_identity(sheet_text(response.content)) == []
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert log.user == supervisor and log.detail["rows"] == 2
    assert api_as(leader).get(reverse("petition-export")).status_code == 200
    assert api_as(office_a).get(reverse("petition-export")).status_code == 403


def test_the_export_follows_the_filters(api_as, inspector):
    register(inspector, kind=Kind.COMPLAINT)
    wanted = register(inspector, kind=Kind.SUGGESTION)
    rows = sheet_rows(api_as(inspector).get(reverse("petition-export"), {"kind": "suggestion"}).content)
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
