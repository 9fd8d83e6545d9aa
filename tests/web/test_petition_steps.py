"""The 异议 / 复查 / 复核 steps on the petition page and 不属本机关受理 on the intake form."""

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Channel, Kind, Petition, PetitionEvent, Status
from tests.petitions.factories import category, concluded, register
from tests.web.helpers import form_row, with_token

pytestmark = pytest.mark.django_db

Action = PetitionEvent.Action


def _url(petition):
    return reverse("web:petition-detail", args=[petition.pk])


def _today():
    return timezone.localdate().isoformat()


def _intake(**overrides):
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "referral",
        "kind": "petition",
        "category": category().pk,
        "summary": "反映物业收费问题",
        "content": "上级转来的物业收费问题",
    }
    data.update(overrides)
    return data


def _outside(user):
    return register(user, kind=Kind.PETITION, channel=Channel.REFERRAL, outside_remit=True)


def _reviewable(user):
    return concluded(user, kind=Kind.PETITION)


def _snapshot(petition):
    """What a refused step must leave unchanged."""
    petition.refresh_from_db()
    fields = (
        "status",
        "objection_on",
        "objection_note",
        "review_requested_on",
        "review_answered_on",
        "review_opinion",
        "recheck_requested_on",
        "recheck_answered_on",
        "recheck_opinion",
        "version",
    )
    return {f: getattr(petition, f) for f in fields}, petition.events.count()


# -- 不属本机关受理范围 on the intake form ----------------------------------------------------------


def test_intake_marks_a_referred_item_outside_the_remit(client_as, inspector):
    client = client_as(inspector)
    assert "不属本机关受理范围（应提出异议）" in client.get(reverse("web:petition-create")).content.decode()
    response = client.post(reverse("web:petition-create"), with_token(inspector, _intake(outside_remit="on")))
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(petition)
    assert petition.outside_remit and petition.objection_due is not None
    html = client.get(_url(petition)).content.decode()
    assert "提出异议期限" in html and 'data-step="object"' in html and "应提出异议" in html
    assert 'data-step="notify"' not in html  # 第二十三条: an item outside the remit is objected to, not told


def test_intake_outside_remit_refused_beside_the_field_and_the_form_still_registers(client_as, inspector):
    client = client_as(inspector)
    url = reverse("web:petition-create")
    for wrong, message in (
        ({"channel": "phone"}, "只有上级转办或12345热线转送、交办的信访事项可以标记为不属本单位职权范围"),
        ({"kind": "accusation"}, "检举控告不属本机关受理的"),
    ):
        response = client.post(url, with_token(inspector, _intake(outside_remit="on", **wrong)))
        assert response.status_code == 400
        html = response.content.decode()
        assert message in form_row(html, "outside_remit") and "上级转来的物业收费问题" in html
        assert 'name="form_token"' in html  # the page renders a fresh one-time token
    assert Petition.objects.count() == 0
    # unticked, the same item registers (the one-time token still works on the next submission)
    assert client.post(url, with_token(inspector, _intake(channel="phone"))).status_code == 302
    assert Petition.objects.get().outside_remit is False


# -- 提出异议 --------------------------------------------------------------------------------------


def test_inspector_objects_through_the_page(client_as, inspector):
    petition = _outside(inspector)
    client = client_as(inspector)
    html = client.get(_url(petition)).content.decode()
    assert f'value="{_today()}"' in form_row(html, "object-on")  # the date defaults to today
    response = client.post(_url(petition), {"action": "object", "object-reason": "属市场监管部门职责", "object-on": ""})
    assert response.status_code == 302 and response["Location"] == _url(petition)
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and petition.objection_on == timezone.localdate()
    assert petition.objection_note == "属市场监管部门职责" and "提出异议" in petition.reject_reason
    assert petition.events.filter(action=Action.OBJECT, user=inspector).count() == 1
    html = client.get(_url(petition)).content.decode()
    assert "已提出异议" in html and f"已于 {_today()} 提出异议" in html
    assert "提出异议期限" in html and 'data-step="object"' not in html


def test_objection_bad_input_is_a_400_and_writes_nothing(client_as, inspector):
    petition = _outside(inspector)
    before = _snapshot(petition)
    client = client_as(inspector)
    missing = client.post(_url(petition), {"action": "object", "object-reason": "", "object-on": _today()})
    assert missing.status_code == 400 and "该字段是必填项。" in form_row(missing.content.decode(), "object-reason")
    early = client.post(_url(petition), {"action": "object", "object-reason": "不属本单位", "object-on": "2001-01-01"})
    assert early.status_code == 400
    row = form_row(early.content.decode(), "object-on")
    assert "收到日期" in row and "不属本单位" in early.content.decode()  # the service's refusal; the reason kept
    bad = client.post(_url(petition), {"action": "object", "object-reason": "不属本单位", "object-on": "明天"})
    assert bad.status_code == 400 and "输入一个有效的日期。" in form_row(bad.content.decode(), "object-on")
    assert _snapshot(petition) == before


def test_objection_is_not_offered_for_an_item_within_the_remit(client_as, inspector):
    petition = register(inspector, kind=Kind.PETITION, channel=Channel.REFERRAL)
    client = client_as(inspector)
    assert 'data-step="object"' not in client.get(_url(petition)).content.decode()
    before = _snapshot(petition)
    posted = client.post(_url(petition), {"action": "object", "object-reason": "不属本单位"}, follow=True)
    assert "当前状态下您不能执行此操作" in posted.content.decode()
    assert _snapshot(petition) == before


# -- 复查 / 复核 -----------------------------------------------------------------------------------


def test_review_and_recheck_through_the_page(client_as, inspector):
    petition = _reviewable(inspector)
    client = client_as(inspector)
    html = client.get(_url(petition)).content.decode()
    assert 'data-step="review_request"' in html and 'data-step="review_answer"' not in html
    assert "信访人请求复查期限" in html  # the reporter's window
    assert f'value="{_today()}"' in form_row(html, "review_request-on")
    assert 'value="review" selected' in form_row(html, "review_request-stage")

    response = client.post(
        _url(petition), {"action": "review_request", "review_request-stage": "review", "review_request-on": ""}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.review_requested_on == timezone.localdate() and petition.review_due is not None
    html = client.get(_url(petition)).content.decode()
    assert "已登记复查/复核请求" in html and "复查意见期限" in html and "待办" in html
    assert 'data-step="review_answer"' in html and 'data-step="review_request"' not in html

    response = client.post(
        _url(petition),
        {
            "action": "review_answer",
            "review_answer-stage": "review",
            "review_answer-opinion": "维持原处理意见",
            "review_answer-on": _today(),
        },
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.review_answered_on == timezone.localdate() and petition.review_opinion == "维持原处理意见"
    html = client.get(_url(petition)).content.decode()
    assert "维持原处理意见" in html and "信访人请求复核期限" in html
    assert 'value="recheck" selected' in form_row(html, "review_request-stage")

    client.post(_url(petition), {"action": "review_request", "review_request-stage": "recheck"})
    client.post(
        _url(petition),
        {"action": "review_answer", "review_answer-stage": "recheck", "review_answer-opinion": "维持复查意见"},
    )
    petition.refresh_from_db()
    assert petition.recheck_requested_on == timezone.localdate() and petition.recheck_opinion == "维持复查意见"
    actions = set(petition.events.values_list("action", flat=True))
    assert {Action.REVIEW_REQUEST, Action.REVIEW_ANSWER, Action.RECHECK_REQUEST, Action.RECHECK_ANSWER} <= actions
    html = client.get(_url(petition)).content.decode()
    assert "复核意见期限" in html and "review_request" not in html and "review_answer" not in html


def test_review_bad_input_is_a_400_naming_the_field_and_writes_nothing(client_as, inspector):
    petition = _reviewable(inspector)
    before = _snapshot(petition)
    client = client_as(inspector)

    def post(**data):
        return client.post(_url(petition), {"action": "review_request", **data})

    bogus = post(**{"review_request-stage": "appeal"})
    assert bogus.status_code == 400 and "appeal" in form_row(bogus.content.decode(), "review_request-stage")
    recheck = post(**{"review_request-stage": "recheck"})  # the service: no 复查意见 yet
    assert recheck.status_code == 400
    assert "尚无复查意见，不能请求复核" in form_row(recheck.content.decode(), "review_request-stage")
    early = post(**{"review_request-stage": "review", "review_request-on": "2001-01-01"})
    assert early.status_code == 400 and "办结日期" in form_row(early.content.decode(), "review_request-on")
    far = post(**{"review_request-stage": "review", "review_request-on": "2150-01-01"})
    assert far.status_code == 400
    # no request yet: the answer is not offered, and posting it is refused without writing
    answer = client.post(
        _url(petition),
        {"action": "review_answer", "review_answer-stage": "review", "review_answer-opinion": "维持"},
        follow=True,
    )
    assert "当前状态下您不能执行此操作" in answer.content.decode()
    assert _snapshot(petition) == before

    post(**{"review_request-stage": "review"})
    before = _snapshot(petition)
    missing = client.post(
        _url(petition), {"action": "review_answer", "review_answer-stage": "review", "review_answer-opinion": ""}
    )
    assert missing.status_code == 400
    assert "该字段是必填项。" in form_row(missing.content.decode(), "review_answer-opinion")
    wrong = client.post(
        _url(petition),
        {"action": "review_answer", "review_answer-stage": "recheck", "review_answer-opinion": "维持复查意见"},
    )
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "尚未收到复核请求" in form_row(html, "review_answer-stage") and "维持复查意见" in html
    assert _snapshot(petition) == before


def test_review_steps_only_for_a_concluded_petition_kind(client_as, inspector):
    complaint = concluded(inspector, kind=Kind.COMPLAINT)
    html = client_as(inspector).get(_url(complaint)).content.decode()
    assert 'data-step="review_request"' not in html and 'data-step="conclude"' not in html


# -- who may take them -----------------------------------------------------------------------------


def test_leaders_offices_and_admins_cannot_take_the_steps(client_as, inspector, leader, office_a, admin_user):
    outside, reviewable = _outside(inspector), _reviewable(inspector)
    before = _snapshot(outside), _snapshot(reviewable)
    boss = client_as(leader)
    for petition, step in ((outside, "object"), (reviewable, "review_request")):
        page = boss.get(_url(petition))
        assert page.status_code == 200 and f'data-step="{step}"' not in page.content.decode()
    posted = boss.post(_url(outside), {"action": "object", "object-reason": "不属本单位"}, follow=True)
    assert "当前状态下您不能执行此操作" in posted.content.decode()
    posted = boss.post(_url(reviewable), {"action": "review_request", "review_request-stage": "review"})
    assert posted.status_code == 302 and posted["Location"] == _url(reviewable)
    # an office reads petitions only as 转办件 (these were never transferred to it: 404 there)
    office = client_as(office_a)
    posted = office.post(_url(outside), {"action": "object", "object-reason": "不属本单位"})
    assert posted["Location"] == reverse("web:transfer-detail", args=[outside.pk])
    assert office.get(posted["Location"]).status_code == 404
    # 三员分立: the system administrator never reaches a petition
    denied = client_as(admin_user).post(
        _url(reviewable), {"action": "review_request", "review_request-stage": "review"}
    )
    assert denied.status_code == 403
    assert (_snapshot(outside), _snapshot(reviewable)) == before
