"""The petition page's 延期 (ask, approve, refuse) and files (originals by 纪检 staff, reply
material by the department it was transferred to), all through the petitions services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from petitions import services
from petitions.models import Kind, PetitionAttachment, PetitionExtension, RestrictedReason, Status
from tests.petitions.factories import accepted, register, transferred
from tests.web.helpers import form_row, with_token

pytestmark = pytest.mark.django_db


def _pdf(name="来信原件.pdf", body=b"%PDF-1.4 original letter"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _attaching(user, upload):
    """An 上传 POST as the rendered form sends it (with its one-time token)."""
    return with_token(user, {"action": "attach", "attach-file": upload}, prefix="attach")


def test_an_inspector_asks_for_an_extension_and_the_supervisor_approves_it(client_as, inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    original_due = petition.conclude_due
    url = reverse("web:petition-detail", args=[petition.pk])
    client = client_as(inspector)
    page = client.get(url).content.decode()
    assert 'data-step="extend"' in page and "最多延长 30日" in page  # the limit comes from the rule

    too_long = client.post(url, {"action": "extend", "extend-days": "45", "extend-reason": "需要补充调查取证"})
    assert too_long.status_code == 400
    html = too_long.content.decode()
    assert "延长期限应为 1 至 30 日" in form_row(html, "extend-days")
    assert "需要补充调查取证" in html  # what was typed is kept
    assert not PetitionExtension.objects.exists()

    assert (
        client.post(url, {"action": "extend", "extend-days": "20", "extend-reason": "需要补充调查取证"}).status_code
        == 302
    )
    extension = PetitionExtension.objects.get()
    assert extension.status == PetitionExtension.Status.PENDING and extension.requested_by == inspector
    page = client.get(url).content.decode()
    assert "需要补充调查取证" in page and 'data-step="extend"' not in page  # one request at a time
    assert 'data-testid="extension-decision"' not in page  # only the supervisor decides

    boss = client_as(supervisor)
    assert 'data-testid="extension-decision"' in boss.get(url).content.decode()
    approved = boss.post(url, {"action": "approve_extension", "extension": extension.pk,
                               f"extension-{extension.pk}-note": "同意"})  # fmt: skip
    assert approved.status_code == 302
    petition.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == PetitionExtension.Status.APPROVED and petition.conclude_due > original_due
    page = boss.get(url).content.decode()
    assert f"{original_due:%Y-%m-%d} → <b>{petition.conclude_due:%Y-%m-%d}</b>" in page
    assert 'data-step="extend"' not in page  # extended once only


def test_refusing_needs_a_reason_beside_the_field_and_nobody_decides_their_own(client_as, inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    url = reverse("web:petition-detail", args=[petition.pk])
    client_as(inspector).post(url, {"action": "extend", "extend-days": "10", "extend-reason": "情况复杂"})
    extension = PetitionExtension.objects.get()
    boss = client_as(supervisor)
    refused = boss.post(url, {"action": "refuse_extension", "extension": extension.pk})
    assert refused.status_code == 400
    assert "请填写不予批准的理由" in form_row(refused.content.decode(), f"extension-{extension.pk}-note")
    extension.refresh_from_db()
    assert extension.status == PetitionExtension.Status.PENDING
    boss.post(url, {"action": "refuse_extension", "extension": extension.pk,
                    f"extension-{extension.pk}-note": "期限内可以办结"})  # fmt: skip
    extension.refresh_from_db()
    assert extension.status == PetitionExtension.Status.REFUSED and extension.decision_note == "期限内可以办结"

    own = accepted(supervisor, kind=Kind.PETITION)
    own_url = reverse("web:petition-detail", args=[own.pk])
    boss.post(own_url, {"action": "extend", "extend-days": "10", "extend-reason": "情况复杂"})
    mine = PetitionExtension.objects.get(petition=own)
    assert 'data-testid="extension-decision"' not in boss.get(own_url).content.decode()
    boss.post(own_url, {"action": "approve_extension", "extension": mine.pk})
    mine.refresh_from_db()
    assert mine.status == PetitionExtension.Status.PENDING


def test_a_petition_without_a_conclusion_period_offers_no_extension(client_as, inspector, leader):
    complaint = accepted(inspector, kind=Kind.COMPLAINT)
    assert (
        'data-step="extend"'
        not in client_as(inspector).get(reverse("web:petition-detail", args=[complaint.pk])).content.decode()
    )
    letter = accepted(inspector, kind=Kind.PETITION)
    response = client_as(leader).post(
        reverse("web:petition-detail", args=[letter.pk]),
        {"action": "extend", "extend-days": "10", "extend-reason": "x"},
    )
    assert response.status_code == 302 and not PetitionExtension.objects.exists()  # leaders read only


def test_originals_are_uploaded_by_staff_and_downloaded_through_the_checked_view(client_as, inspector, leader):
    petition = register(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])
    client = client_as(inspector)
    assert "上传原件材料" in client.get(url).content.decode()
    wrong = client.post(url, _attaching(inspector, _pdf("病毒.exe", b"MZ")))
    assert wrong.status_code == 400
    assert "不允许的文件类型：exe" in form_row(wrong.content.decode(), "attach-file")
    assert client.post(url, _attaching(inspector, _pdf())).status_code == 302
    attachment = PetitionAttachment.objects.get()
    assert attachment.purpose == PetitionAttachment.Purpose.ORIGINAL and attachment.uploaded_by == inspector
    page = client.get(url).content.decode()
    link = reverse("petition-download", args=[petition.pk, attachment.pk])
    assert link in page
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 original letter"
    assert AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD).exists()
    # leaders read the page but neither upload nor see the originals (they may name the reporter)
    leader_page = client_as(leader).get(url).content.decode()
    assert "上传原件材料" not in leader_page and link not in leader_page
    assert client_as(leader).get(link).status_code == 404
    assert client_as(leader).post(url, {"action": "attach", "attach-file": _pdf()}).status_code == 302
    assert PetitionAttachment.objects.count() == 1


def test_a_restricted_petition_takes_no_files(client_as, inspector):
    petition = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR)
    url = reverse("web:petition-detail", args=[petition.pk])
    assert "上传原件材料" not in client_as(inspector).get(url).content.decode()
    client_as(inspector).post(url, {"action": "attach", "attach-file": _pdf()})
    assert not PetitionAttachment.objects.exists()


def test_the_office_uploads_reply_material_before_replying(client_as, inspector, office_a, office_b, dept_a):
    petition = transferred(inspector, dept_a)
    services.attachment_add(user=inspector, petition=petition, upload=_pdf("举报信.pdf", b"%PDF secret"))
    url = reverse("web:transfer-detail", args=[petition.pk])
    office = client_as(office_a)
    page = office.get(url).content.decode()
    assert "上传材料" in page and "举报信.pdf" not in page  # originals stay with 纪检 staff
    assert office.post(url, _attaching(office_a, _pdf("整改报告.pdf", b"%PDF reply"))).status_code == 302
    material = PetitionAttachment.objects.get(purpose=PetitionAttachment.Purpose.REPLY)
    assert material.uploaded_by == office_a
    link = reverse("petition-transfer-download", args=[petition.pk, material.pk])
    assert link in office.get(url).content.decode()
    assert b"".join(office.get(link).streaming_content) == b"%PDF reply"
    assert client_as(office_b).get(link).status_code == 404
    assert client_as(office_b).post(url, {"action": "attach", "attach-file": _pdf()}).status_code == 404

    assert office.post(url, {"action": "reply", "reply": "已约谈并整改"}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED
    after = office.get(url).content.decode()
    assert "整改报告.pdf" in after and 'name="attach-file"' not in after  # no more uploads once replied
    # the 纪检 staff see the department's material on the petition page
    assert (
        "整改报告.pdf" in client_as(inspector).get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    )
