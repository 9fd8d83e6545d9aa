"""补录 over the API: every step endpoint takes its optional time (``at``) or date, refuses one out
of the item's life with a 400 naming the field, and the events say which steps were 补录."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Channel, Kind, Petition, PetitionExtension
from tests.backfill_times import ago, day
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def _ok(response):
    assert response.status_code in (200, 201), response.content.decode()[:600]
    return response.json()


def _post(client, name, pk, body):
    return client.post(reverse(name, args=[pk]), body, format="json")


def test_a_whole_petition_back_dated_through_the_api(api_as, inspector, supervisor, office_a, dept_a):
    client = api_as(inspector)
    staff = register(inspector, kind=Kind.PETITION, received_at=ago(20))
    pk = staff.pk
    data = _ok(_post(client, "petition-accept", pk, {"at": ago(19).isoformat()}))
    assert dt.datetime.fromisoformat(data["accepted_at"]) == ago(19)
    assert data["conclude_due"] and data["conclude_due"] < (day(19) + dt.timedelta(days=70)).isoformat()
    extension = _ok(_post(client, "petition-extensions", pk, {"days": 10, "reason": "调查", "at": ago(18).isoformat()}))
    assert dt.datetime.fromisoformat(extension["requested_at"]) == ago(18)
    decided = _ok(_post(api_as(supervisor), "petition-extension-approve", extension["id"], {"at": ago(17).isoformat()}))
    assert dt.datetime.fromisoformat(decided["decided_at"]) == ago(17)
    _ok(_post(client, "petition-notify", pk, {"method": "phone", "on": day(19).isoformat()}))
    _ok(_post(client, "petition-handle", pk, {"at": ago(16).isoformat()}))
    data = _ok(_post(client, "petition-conclude", pk, {"result": "已处理", "concluded_on": day(10).isoformat()}))
    assert data["concluded_on"] == day(10).isoformat() and data["status"] == "concluded"
    _ok(_post(client, "petition-review-request", pk, {"stage": "review", "on": day(8).isoformat()}))
    data = _ok(
        _post(client, "petition-review-answer", pk, {"stage": "review", "opinion": "维持", "on": day(5).isoformat()})
    )
    # every step is 补录, with who entered it and when
    events = {e["action"]: e for e in data["events"]}
    for action in ("accept", "extension_request", "extension_approve", "notify", "handle", "conclude",
                   "review_request", "review_answer"):  # fmt: skip
        event = events[action]
        assert event["backfilled"], action
        entered = timezone.localtime(dt.datetime.fromisoformat(event["entered_at"]))
        assert event["backfill_mark"] == f"补录 · {event['user_name']} 于 {entered:%Y-%m-%d %H:%M} 录入"
    # received 20 days ago: the registration is logged at the receipt, entered now (补录)
    assert events["register"]["backfilled"] and dt.datetime.fromisoformat(events["register"]["at"]) == ago(20)

    # 转办 and the office's 反馈 of another one
    other = register(inspector, received_at=ago(20)).pk
    _ok(_post(client, "petition-accept", other, {"at": ago(19).isoformat()}))
    _ok(
        _post(
            client,
            "petition-transfer",
            other,
            {"department": dept_a.pk, "summary": "请核查", "at": ago(18).isoformat()},
        )
    )
    reply = _ok(
        _post(api_as(office_a), "petition-transfer-reply", other, {"reply": "已整改", "at": ago(15).isoformat()})
    )
    assert dt.datetime.fromisoformat(reply["replied_at"]) == ago(15)
    assert Petition.objects.get(pk=other).transfer_due < timezone.localdate()


def _registered(inspector, **kw):
    return register(inspector, received_at=ago(10), **kw)


def _accepted(inspector, **kw):
    from petitions import services

    return services.petition_accept(user=inspector, petition=_registered(inspector, **kw), at=ago(9))


# endpoint, state, body (with a time before the step it follows; built when the test runs), field
REFUSED = [
    ("petition-accept", _registered, lambda: {"at": ago(11).isoformat()}, "at"),
    ("petition-reject", _registered, lambda: {"reason": "诉讼", "at": ago(11).isoformat()}, "at"),
    ("petition-escalate", lambda u: _registered(u, kind=Kind.ACCUSATION),
     lambda: {"reason": "superior", "at": ago(11).isoformat()}, "at"),
    ("petition-transfer", _accepted, lambda: {"summary": "请核查", "at": ago(10).isoformat()}, "at"),
    ("petition-handle", _accepted, lambda: {"at": ago(10).isoformat()}, "at"),
    ("petition-extensions", lambda u: _accepted(u, kind=Kind.PETITION),
     lambda: {"days": 5, "reason": "r", "at": ago(10).isoformat()}, "at"),
    ("petition-notify", _accepted, lambda: {"method": "phone", "on": day(10).isoformat()}, "on"),
    ("petition-object-to", lambda u: _registered(u, channel=Channel.REFERRAL, outside_remit=True),
     lambda: {"reason": "否", "on": day(11).isoformat()}, "on"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "body", "field"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_step_before_the_one_it_follows_is_a_400_naming_the_field(
    api_as, inspector, dept_a, name, build, body, field
):
    petition = build(inspector)
    body = body()
    if name == "petition-transfer":
        body["department"] = dept_a.pk
    version = petition.version
    response = _post(api_as(inspector), name, petition.pk, body)
    assert response.status_code == 400, response.content
    error = response.json()
    assert set(error) >= {"code", "message", "detail"} and field in error["detail"], error
    assert "不能早于" in error["detail"][field][0]
    petition.refresh_from_db()
    assert petition.version == version and PetitionExtension.objects.filter(petition=petition).count() == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [("future", "不能晚于当前时间"), ("1999-12-31T10:00:00+08:00", "2000"), ("昨天", "")],
    ids=["future", "before-2000", "not-a-time"],
)
def test_a_time_in_the_future_before_2000_or_unreadable_is_a_400(api_as, inspector, body, words):
    petition = _registered(inspector)
    at = (timezone.now() + dt.timedelta(days=1)).isoformat() if body == "future" else body
    response = _post(api_as(inspector), "petition-accept", petition.pk, {"at": at})
    assert response.status_code == 400 and "at" in response.json()["detail"], response.content
    assert words in response.json()["detail"]["at"][0]
    petition.refresh_from_db()
    assert petition.status == "registered" and petition.events.count() == 1


def test_the_extension_decision_takes_its_time_and_refuses_one_before_the_request(api_as, inspector, supervisor):
    from petitions import services

    extension = services.extension_request(
        user=inspector, petition=_accepted(inspector, kind=Kind.PETITION), days=5, reason="调查", at=ago(8)
    )
    response = _post(
        api_as(supervisor), "petition-extension-refuse", extension.pk, {"note": "否", "at": ago(9).isoformat()}
    )
    assert response.status_code == 400 and "at" in response.json()["detail"]
    extension.refresh_from_db()
    assert extension.status == PetitionExtension.Status.PENDING
    data = _ok(
        _post(api_as(supervisor), "petition-extension-refuse", extension.pk, {"note": "否", "at": ago(7).isoformat()})
    )
    assert data["status"] == "refused"


def test_the_schema_says_how_to_backfill(api_as, inspector):
    schema = api_as(inspector).get(reverse("api-schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in (
        "StepRequest",
        "TransferRequest",
        "ReplyRequest",
        "ExtensionRequestRequest",
        "ExtensionDecisionRequest",
    ):
        assert components[name]["properties"]["at"]["description"] == "默认为当前时间；补录时填写实际时间", name
    assert (
        components["ConcludeRequest"]["properties"]["concluded_on"]["description"] == "默认为今天；补录时填写实际日期"
    )
    assert "backfill_mark" in components["Event"]["properties"]


def test_to_clue_back_dated_through_the_api_registers_the_clue_on_that_day(api_as, inspector):
    from discipline.models import Clue
    from petitions.models import PetitionEvent
    from tests.factories import PersonFactory

    client = api_as(inspector)
    petition = register(inspector, kind=Kind.ACCUSATION, received_at=ago(30), subject_person=PersonFactory())
    _ok(_post(client, "petition-accept", petition.pk, {"at": ago(29).isoformat()}))
    url = reverse("clue-from-petition")
    too_early = client.post(url, {"petition": petition.pk, "at": ago(31).isoformat()}, format="json")
    assert too_early.status_code == 400 and "at" in too_early.json()["detail"]
    assert not Clue.objects.exists()
    created = client.post(url, {"petition": petition.pk, "at": ago(25).isoformat()}, format="json")
    assert created.status_code == 201, created.content
    clue = Clue.objects.get(source_petition=petition)
    assert clue.steps.get(kind="register").date == day(25)
    event = PetitionEvent.objects.get(petition=petition, action=PetitionEvent.Action.TO_CLUE)
    assert event.at == ago(25) and event.entered_at.date() >= event.at.date()
