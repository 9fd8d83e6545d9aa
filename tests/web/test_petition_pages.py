"""信访 pages: intake keeps what was typed, masking as the API masks, office projection, 404s."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.grants import grant
from core.models import AccessGrant, AuditLog
from organization.roles import Role
from petitions import services
from petitions.models import IdentityAccessRequest, IdentityViewLog, Petition, Status
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, category, register, transferred
from tests.web.helpers import form_row, with_token

pytestmark = pytest.mark.django_db


def _intake(**overrides):
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "kind": "complaint",
        "category": category().pk,
        "summary": "接线员态度生硬",
        "content": "来电反映接线员态度生硬",
        "is_named": "on",
        "informant_name": REPORTER.name,
        "informant_phone": REPORTER.phone,
    }
    data.update(overrides)
    return data


def test_inspector_registers_a_petition_from_the_intake_form(client_as, inspector):
    response = client_as(inspector).post(reverse("web:petition-create"), with_token(inspector, _intake()))
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:petition-detail", args=[petition.pk])
    assert petition.summary == "接线员态度生硬" and petition.informant_id is not None
    # the identity is stored encrypted, never in clear
    assert REPORTER.phone not in str(Petition.objects.values_list("informant__phone_ct", flat=True)[0])


def test_intake_errors_are_beside_the_fields_and_keep_everything_typed(client_as, inspector):
    data = _intake(summary="", informant_phone="12", content="写了很长的反映内容")
    response = client_as(inspector).post(reverse("web:petition-create"), with_token(inspector, data))
    assert response.status_code == 400
    html = response.content.decode()
    assert "联系电话格式不正确" in html  # the API's own informant validation
    assert "写了很长的反映内容" in html and REPORTER.name in html
    assert Petition.objects.count() == 0
    # a service refusal (summary missing) lands beside its field too
    response = client_as(inspector).post(reverse("web:petition-create"), with_token(inspector, _intake(summary="")))
    assert "请填写内容摘要" in response.content.decode() and Petition.objects.count() == 0


def test_list_and_page_show_the_code_never_the_identity(client_as, inspector, supervisor):
    petition = register(inspector)
    for page in (reverse("web:petition-list"), reverse("web:petition-detail", args=[petition.pk])):
        html = client_as(supervisor).get(page).content.decode()
        assert petition.informant.code in html
        assert REPORTER.name not in html and REPORTER.phone not in html


def test_identity_is_revealed_only_on_request_with_a_grant_and_is_logged(client_as, inspector, supervisor):
    petition = register(inspector)
    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY)
    client = client_as(supervisor)
    url = reverse("web:petition-detail", args=[petition.pk])
    assert "查看信访人身份" in client.get(url).content.decode()
    response = client.post(url, {"action": "reveal"})
    assert REPORTER.name in response.content.decode() and "no-store" in response["Cache-Control"]
    assert IdentityViewLog.objects.filter(petition=petition, user=supervisor).count() == 1
    assert AuditLog.objects.filter(event=AuditLog.Event.IDENTITY_VIEW).count() == 1
    assert "查看记录" in client.get(url).content.decode()


def test_without_a_grant_an_inspector_asks_and_cannot_reveal(client_as, inspector):
    petition = register(inspector)
    other = make_user(Role.INSPECTOR, username="other_inspector")
    client = client_as(other)
    url = reverse("web:petition-detail", args=[petition.pk])
    assert "申请查看" in client.get(url).content.decode()
    assert REPORTER.name not in client.post(url, {"action": "reveal"}, follow=True).content.decode()
    assert not IdentityViewLog.objects.exists()
    missing = client.post(url, {"action": "request_identity"})
    assert missing.status_code == 400 and "该字段是必填项。" in missing.content.decode()
    client.post(url, {"action": "request_identity", "identity-reason": "核查需要联系举报人"})
    assert petition.identity_requests.get().reason == "核查需要联系举报人"


def test_asking_again_keeps_the_reason_and_says_why(client_as, inspector):
    petition = register(inspector)
    other = make_user(Role.INSPECTOR, username="other_inspector")
    services.identity_request_create(user=other, petition=petition, reason="核查需要联系举报人")
    url = reverse("web:petition-detail", args=[petition.pk])
    again = client_as(other).post(url, {"action": "request_identity", "identity-reason": "再次申请"})
    assert again.status_code == 400
    html = again.content.decode()
    assert "您对该信访件已有待审批的申请" in html and "再次申请" in form_row(html, "identity-reason")
    assert petition.identity_requests.count() == 1


def test_identity_request_decisions_show_errors_beside_the_note_and_keep_it(client_as, inspector, supervisor):
    petition = register(inspector)
    other = make_user(Role.INSPECTOR, username="other_inspector")
    access = services.identity_request_create(user=other, petition=petition, reason="核查需要联系举报人")
    url = reverse("web:petition-detail", args=[petition.pk])
    note = f"identity-request-{access.pk}-note"
    boss = client_as(supervisor)
    assert 'data-testid="identity-decision"' in boss.get(url).content.decode()
    assert 'data-testid="identity-decision"' not in client_as(other).get(url).content.decode()

    refused = boss.post(url, {"action": "refuse_identity", "request": access.pk})
    assert refused.status_code == 400
    assert "请填写不予批准的理由" in form_row(refused.content.decode(), note)
    too_long = boss.post(url, {"action": "approve_identity", "request": access.pk, note: "同意" * 1001})
    assert too_long.status_code == 400
    row = form_row(too_long.content.decode(), note)
    assert "不超过 2000 字符" in row and "同意" * 1001 in row  # what was typed is kept
    access.refresh_from_db()
    assert access.status == IdentityAccessRequest.Status.PENDING

    assert boss.post(url, {"action": "refuse_identity", "request": access.pk, note: "理由不充分"}).status_code == 302
    access.refresh_from_db()
    assert access.status == IdentityAccessRequest.Status.REFUSED and access.decision_note == "理由不充分"
    assert 'data-testid="identity-decision"' not in boss.get(url).content.decode()


def test_nobody_decides_their_own_identity_request(client_as, inspector, supervisor):
    petition = register(inspector)
    access = services.identity_request_create(user=supervisor, petition=petition, reason="核查需要联系举报人")
    boss = client_as(supervisor)
    url = reverse("web:petition-detail", args=[petition.pk])
    assert 'data-testid="identity-decision"' not in boss.get(url).content.decode()
    posted = boss.post(url, {"action": "approve_identity", "request": access.pk}, follow=True)
    assert "该申请当前不能由您审批" in posted.content.decode()
    access.refresh_from_db()
    assert access.status == IdentityAccessRequest.Status.PENDING


def test_transfer_then_office_replies(client_as, inspector, office_a, office_b, dept_a):
    petition = accepted(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])
    response = client_as(inspector).post(
        url, {"action": "transfer", "transfer-department": dept_a.pk, "transfer-summary": "请核查接线服务"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.TRANSFERRED
    # the office sees the 转办摘要 only, and a petition page redirects it to the 转办件
    office = client_as(office_a)
    assert office.get(url)["Location"] == reverse("web:transfer-detail", args=[petition.pk])
    page = office.get(reverse("web:transfer-detail", args=[petition.pk])).content.decode()
    assert "请核查接线服务" in page and "来电反映" not in page and petition.informant.code not in page
    # another department: 404
    assert client_as(office_b).get(reverse("web:transfer-detail", args=[petition.pk])).status_code == 404
    office.post(reverse("web:transfer-detail", args=[petition.pk]), {"reply": "已约谈接线员并整改"})
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED and petition.transfer_reply == "已约谈接线员并整改"


def test_offices_and_admins_cannot_use_the_petition_list(client_as, office_a, admin_user):
    assert client_as(office_a).get(reverse("web:petition-list")).status_code == 403
    assert client_as(admin_user).get(reverse("web:petition-list")).status_code == 403
    assert client_as(office_a).get(reverse("web:petition-create")).status_code == 403


def test_petition_list_filters_and_query_count(client_as, inspector, supervisor, dept_a,
                                               django_assert_max_num_queries):  # fmt: skip
    for _ in range(12):
        transferred(inspector, dept_a)
    register(inspector, summary="另一件")
    client = client_as(supervisor)
    html = client.get(reverse("web:petition-list"), {"status": "registered"}).content.decode()
    assert html.count("另一件") == 1 and "请核查接线服务态度问题" not in html
    assert client.get(reverse("web:petition-list"), {"overdue": "maybe"}).status_code == 400
    # session, user, actor (4), policy + calendar + rules for lights, count, page (joins), filter form
    # choices (categories), session save, notification count: fixed whatever the row count.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("web:petition-list")).status_code == 200


def test_transfer_list_query_count(client_as, inspector, office_a, dept_a, django_assert_max_num_queries):
    for _ in range(12):
        transferred(inspector, dept_a)
    client = client_as(office_a)
    # session, user, actor (4), count, policy + calendar (2) + rule units for the lights, page,
    # the bell's unread count, the user's person, session save (3): fixed whatever the row count.
    with django_assert_max_num_queries(18):  # open rows first: one count of both
        response = client.get(reverse("web:transfer-list"))
    assert response.content.decode().count("请核查接线服务态度问题") == 12
    for _ in range(8):
        transferred(inspector, dept_a)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("web:transfer-list"))
    assert response.content.decode().count("请核查接线服务态度问题") == 20
