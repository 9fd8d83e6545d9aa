"""Bad input to every endpoint is a clear 400 naming the field — never a 500."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline.models import Clue
from tests.discipline.factories import clue_at, draft_recommendation, issued_recommendation

pytestmark = pytest.mark.django_db
S = Clue.Status
CJK = re.compile(r"[\u4e00-\u9fff]")
# Tomorrow is read when a test runs, not when the module is collected: a run that crosses local
# midnight once sent "tomorrow" as today (accepted) and failed three tests.
TOMORROW = "<tomorrow>"


def dated(payload):
    """``payload`` with the TOMORROW placeholder replaced by the unit's tomorrow, now."""
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    return {k: tomorrow if v == TOMORROW else v for k, v in payload.items()}


def assert_400(response, field):
    assert response.status_code == 400, (response.status_code, getattr(response, "data", None))
    body = response.json()
    assert body["code"] in ("invalid", "required", "file_type")
    assert CJK.search(body["message"]), body
    assert field in str(body["detail"]), body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "received_date"),
        ({"received_date": "2025-13-01"}, "received_date"),
        ({"received_date": "昨天"}, "received_date"),
        ({"received_date": TOMORROW}, "received_date"),
        ({"received_date": "0455-07-26"}, "received_date"),
        ({"source": "rumour"}, "source"),
        ({"subject_person": "abc"}, "subject_person"),
        ({"subject_person": 999999}, "subject_person"),
        ({"subject_person": None}, "subject_person"),
        ({"summary": "长" * 501}, "summary"),
        ({"summary": "   "}, "summary"),
        ({"subject_department": 999999}, "subject_department"),
        ({"source": "inspection"}, "inspection_round"),
        ({"source_petition": "x"}, "source_petition"),
        ({"date": "2024-01-01"}, "date"),  # registered before it was received
    ],
)
def test_registering_a_clue_with_bad_input(payload, field, inspector, subject, api_as):
    body = {"received_date": "2025-03-03", "source": "other", "subject_person": subject.pk, "summary": "摘要"}
    body.update(dated(payload))
    if payload == {}:
        body = {}
    assert_400(api_as(inspector).post(reverse("clue-list"), body, format="json"), field)
    assert not Clue.objects.exists()


def test_a_body_that_is_not_an_object_or_not_json(inspector, api_as):
    client = api_as(inspector)
    response = client.post(reverse("clue-list"), [1, 2], format="json")
    assert response.status_code == 400
    response = client.post(reverse("clue-list"), "{not json", content_type="application/json")
    assert response.status_code == 400 and CJK.search(response.json()["message"])


@pytest.mark.parametrize(
    ("stage", "action", "payload", "field", "extra"),
    [
        (S.REGISTERED, "assign", {}, "handler", {}),
        (S.REGISTERED, "assign", {"handler": "x"}, "handler", {}),
        (S.REGISTERED, "assign", {"handler": 999999}, "handler", {}),
        (S.REGISTERED, "assign", {"handler": "SELF", "date": TOMORROW}, "date", {}),
        (S.REGISTERED, "assign", {"handler": "SELF", "date": "2000-01-01"}, "date", {}),
        (S.ASSIGNED, "propose", {"disposal": "shelve", "note": "x"}, "disposal", {}),
        (S.ASSIGNED, "propose", {"disposal": "close"}, "note", {}),
        (S.PROPOSED, "discuss", {"members": "甲乙"}, "members", {}),
        (S.PROPOSED, "discuss", {"members": [{"person": "x", "opinion": "同意"}]}, "members", {}),
        (S.PROPOSED, "discuss", {"members": [{"opinion": "同意"}]}, "members", {}),
        (S.PROPOSED, "discuss", {"members": "MEMBERS", "disposal": "other"}, "disposal", {}),
        (S.DISCUSSED, "approve", {"date": "2025/01/01"}, "date", {}),
        (S.DISCUSSED, "return", {"note": ""}, "note", {}),
        (S.APPROVED, "execute", {}, "method", {"disposal": Clue.Disposal.TALK_INQUIRY}),
        (S.APPROVED, "execute", {"method": "fax"}, "method", {"disposal": Clue.Disposal.TALK_INQUIRY}),
        (S.APPROVED, "execute", {"method": "talk"}, "method", {}),
        (S.APPROVED, "execute", {}, "transferred_to", {"disposal": Clue.Disposal.TRANSFER}),
        (S.APPROVED, "execute", {"transferred_to": "某室"}, "transferred_to", {}),
        (S.EXECUTING, "review", {}, "note", {"disposal": Clue.Disposal.DEFER}),
        (S.EXECUTING, "conclude", {}, "result", {}),
        (S.EXECUTING, "conclude", {"result": "x", "outcomes": [{"person": "SUBJECT", "kind": "x"}]}, "outcomes", {}),
        (S.EXECUTING, "conclude", {"result": "x", "outcomes": {"person": 1}}, "outcomes", {}),
        (S.CONCLUDED, "feedback", {"target": "press", "method": "written", "note": "x"}, "target", {}),
        (S.CONCLUDED, "feedback", {"target": "other", "method": "pigeon", "note": "x"}, "method", {}),
        (S.CONCLUDED, "feedback", {"target": "other", "method": "written"}, "note", {}),
    ],
)
def test_every_clue_action_with_bad_input(stage, action, payload, field, extra, supervisor, panel_people, clue_action):
    clue = clue_at(stage, registrar=supervisor, supervisor=supervisor, **extra)
    before = clue.steps.count()
    payload = dated(payload)
    if payload.get("handler") == "SELF":
        payload["handler"] = supervisor.pk
    if payload.get("members") == "MEMBERS":
        payload["members"] = [{"person": p.pk, "opinion": "同意"} for p in panel_people]
    for outcome in payload.get("outcomes", []) if isinstance(payload.get("outcomes"), list) else []:
        if outcome.get("person") == "SUBJECT":
            outcome["person"] = clue.subject_person_id
    assert_400(clue_action(supervisor, clue, action, payload), field)
    assert clue.steps.count() == before


@pytest.fixture
def panel_people(db):
    from tests.discipline.factories import PersonFactory

    return [PersonFactory(), PersonFactory()]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"disposal": "x"}, "disposal"),
        ({"source": "x"}, "source"),
        ({"department": "abc"}, "department"),
        ({"department": 999999}, "department"),
        ({"subject_person": "abc"}, "subject_person"),
        ({"received_from": "2025-02-30"}, "received_from"),
        ({"concluded_to": "soon"}, "concluded_to"),
        ({"due_from": "x"}, "due_from"),
        ({"year": "abc"}, "year"),
        ({"year": "12"}, "year"),
        ({"seq": "99999999999999999999"}, "seq"),
        ({"seq": "1.5"}, "seq"),
        ({"overdue": "maybe"}, "overdue"),
        ({"light": "purple"}, "light"),
        ({"feedback_pending": "2"}, "feedback_pending"),
        ({"text": "长" * 101}, "text"),
    ],
)
def test_clue_list_and_export_with_bad_filters(params, field, inspector, api_as):
    for name in ("clue-list", "clue-export"):
        assert_400(api_as(inspector).get(reverse(name), params), field)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"kind": "x"}, "kind"),
        ({"department": "x"}, "department"),
        ({"issued_from": "2025-02-30"}, "issued_from"),
        ({"replied_to": "x"}, "replied_to"),
        ({"year": "x"}, "year"),
        ({"overdue": "x"}, "overdue"),
        ({"light": "x"}, "light"),
    ],
)
def test_recommendation_list_and_export_with_bad_filters(params, field, inspector, api_as):
    for name in ("recommendation-list", "recommendation-export"):
        assert_400(api_as(inspector).get(reverse(name), params), field)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"target_department": "abc"}, "target_department"),
        ({"target_department": 999999}, "target_department"),
        ({"source": "x"}, "source"),
        ({"kind": "x"}, "kind"),
        ({"problems": ""}, "problems"),
        ({"recommendations": None}, "recommendations"),
        ({"reply_due_date": "2025-02-30"}, "reply_due_date"),
        ({"copy_to": "长" * 201}, "copy_to"),
    ],
)
def test_drafting_a_recommendation_with_bad_input(payload, field, inspector, dept_a, api_as):
    body = {
        "title": "关于某事的纪律检查建议",
        "target_department": dept_a.pk,
        "source": "other",
        "problems": "问题",
        "recommendations": "建议",
        **payload,
    }
    assert_400(api_as(inspector).post(reverse("recommendation-list"), body, format="json"), field)
    draft = draft_recommendation(inspector)
    assert_400(
        api_as(inspector).patch(reverse("recommendation-detail", kwargs={"pk": draft.pk}), payload, format="json"),
        field,
    )


@pytest.mark.parametrize(
    ("action", "payload", "field", "issued"),
    [
        ("issue", {"issued_on": "2025-13-01"}, "issued_on", False),
        ("issue", {"issued_on": TOMORROW}, "issued_on", False),
        ("issue", {"issued_on": "0455-07-26"}, "issued_on", False),  # no number counter for year 455: once a 500
        ("reply-due", {"reason": "x"}, "reply_due_date", True),
        ("reply-due", {"reply_due_date": "2099-01-01"}, "reason", True),
        ("reply-due", {"reply_due_date": "x", "reason": "x"}, "reply_due_date", True),
        ("reply", {}, "reply_text", True),
        ("reply", {"reply_text": "x", "files": ["not a file"]}, "files", True),
        ("reply", {"reply_text": "x", "replied_on": "x"}, "replied_on", True),
    ],
)
def test_every_recommendation_action_with_bad_input(action, payload, field, issued, inspector, api_as):
    rec = issued_recommendation(inspector) if issued else draft_recommendation(inspector)
    url = reverse(f"recommendation-{action}", kwargs={"pk": rec.pk})
    assert_400(api_as(inspector).post(url, dated(payload), format="json"), field)


def test_closing_with_a_bad_date(inspector, api_as):
    from discipline.services.recommendations import recommendation_reply

    rec = recommendation_reply(user=inspector, rec=issued_recommendation(inspector), reply_text="回复")
    url = reverse("recommendation-close", kwargs={"pk": rec.pk})
    assert_400(api_as(inspector).post(url, {"closed_on": "x"}, format="json"), "closed_on")


def test_unknown_ids_and_pages_are_not_found_not_errors(inspector, api_as):
    client = api_as(inspector)
    assert client.get("/api/v1/clues/abc/").status_code == 404
    assert client.get(reverse("clue-detail", kwargs={"pk": 999999})).status_code == 404
    assert client.get(reverse("clue-list"), {"page": "999"}).status_code == 404
    assert client.get(reverse("recommendation-list"), {"page": "x"}).status_code == 404
    assert client.get("/api/v1/recommendations/1/files/abc/").status_code == 404
    assert client.post(reverse("clue-assign", kwargs={"pk": 999999}), {}, format="json").status_code == 404
    assert client.put(reverse("recommendation-detail", kwargs={"pk": 1}), {}, format="json").status_code in (404, 405)
    assert client.delete(reverse("recommendation-detail", kwargs={"pk": 1})).status_code in (404, 405)
