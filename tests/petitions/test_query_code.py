"""查询码: unguessable codes, re-issue, the one answer for every miss, the lookup log and its limit, 回避."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from petitions import query_code, services
from petitions.identity import Identity
from petitions.models import Kind, Petition, PetitionEvent, QueryCodeLookup, RestrictedReason
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted, category, concluded, register

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


def _closed(user):
    """Concluded, and the 告知/反馈 done: nothing owed any more (``Petition.is_closed``)."""
    petition = concluded(user)
    if petition.notify_due:
        petition = services.petition_notify(user=user, petition=petition, method="phone")
    if petition.feedback_due:
        petition = services.petition_feedback(user=user, petition=petition, method="phone", note="无异议")
    petition.refresh_from_db()
    assert petition.is_closed
    return petition


# -- the code itself ---------------------------------------------------------------------------------


def test_codes_are_long_grouped_from_the_unambiguous_alphabet_and_differ_widely():
    codes = [query_code.generate() for _ in range(200)]
    assert len(set(codes)) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(query_code.ALPHABET)
    assert not set("0O1I") & set(query_code.ALPHABET)
    assert len(query_code.ALPHABET) ** query_code.LENGTH >= 2**60
    # Not sequential: two codes drawn one after the other agree in about 1/32 of their places, not in most.
    same = [sum(a == b for a, b in zip(x, y, strict=True)) for x, y in zip(codes, codes[1:], strict=False)]
    assert sum(same) / len(same) < 3
    # Every character of the alphabet turns up in every position over enough draws (no fixed prefix).
    for position in (0, 5, 13):
        assert len({c[position] for c in codes}) > 20


def test_input_is_normalised_for_case_spaces_and_dashes():
    assert query_code.normalise(" abcd efgh-jklm ") == "ABCDEFGHJKLM"
    assert query_code.normalise("ＡＢＣＤ—ＥＦＧＨ　ＪＫＬＭ") == "ABCDEFGHJKLM"


def test_issue_stores_ciphertext_and_fingerprint_only_and_logs_without_the_code(inspector):
    petition = accepted(inspector)
    code = query_code.issue(inspector, petition)
    petition.refresh_from_db()
    assert code not in petition.query_code_ct and query_code.normalise(code) not in petition.query_code_ct
    assert petition.query_code_hmac and petition.query_code_issued_at is not None
    event = petition.events.get(action=E.QUERY_CODE_ISSUE)
    assert event.user == inspector and code not in event.note
    assert query_code.lookup(inspector, code.lower().replace("-", " "))["found"] is True


def test_history_never_holds_the_code(inspector):
    petition = accepted(inspector)
    query_code.issue(inspector, petition)
    code = query_code.issue(inspector, petition)
    fields = {f.name for f in Petition.history.model._meta.get_fields()}
    assert not {"query_code_ct", "query_code_hmac"} & fields
    rows = list(Petition.history.filter(id=petition.pk).values())
    assert any(r["history_change_reason"] == "重新发放查询码" for r in rows)
    assert all(code not in str(r) and query_code.normalise(code) not in str(r) for r in rows)
    assert all(code not in e.note for e in petition.events.all())


def test_reissue_replaces_the_old_code(inspector):
    petition = accepted(inspector)
    old = query_code.issue(inspector, petition)
    new = query_code.issue(inspector, petition)
    assert old != new
    assert query_code.lookup(inspector, old) == query_code.NOT_FOUND
    assert query_code.lookup(inspector, new)["found"] is True
    assert list(petition.events.filter(action__startswith="query_code").values_list("action", flat=True)) == [
        E.QUERY_CODE_ISSUE,
        E.QUERY_CODE_REISSUE,
    ]


# -- who may issue, for which petitions --------------------------------------------------------------


def test_issue_needs_contact_details_and_an_unrestricted_open_petition(inspector):
    anonymous = register(inspector, informant=None, is_named=False)
    name_only = register(inspector, informant=Identity(name="张某"), is_named=False)
    address_only = register(inspector, informant=Identity(address="某路1号"), is_named=False)
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR)
    for petition in (anonymous, name_only, restricted, _closed(inspector)):
        with pytest.raises(ApplicationError) as refused:
            query_code.issue(inspector, petition)
        assert "issue_query_code" in refused.value.detail
    assert query_code.issue(inspector, address_only)


@pytest.mark.parametrize("who", ["leader", "office_a", "admin_user"])
def test_only_discipline_staff_issue(request, inspector, who):
    petition = accepted(inspector)
    with pytest.raises((PermissionDeniedError, Http404)):
        query_code.issue(request.getfixturevalue(who), petition)
    assert not Petition.objects.get(pk=petition.pk).query_code_hmac


def test_registration_with_a_code_is_one_step_and_refused_without_contact(inspector):
    data = {"received_at": timezone.now() - dt.timedelta(hours=1), "channel": "phone", "kind": Kind.COMPLAINT}
    data |= {"category": category(), "summary": "态度生硬"}
    before = Petition.objects.count()
    with pytest.raises(ApplicationError) as refused:
        query_code.petition_register_with_code(user=inspector, informant=None, issue_query_code=True, **data)
    assert "issue_query_code" in refused.value.detail and Petition.objects.count() == before
    petition, code = query_code.petition_register_with_code(
        user=inspector, informant=REPORTER, is_named=True, issue_query_code=True, **data
    )
    assert query_code.lookup(inspector, code)["found"] is True
    assert query_code.shown_code(inspector, petition) == code
    assert petition.events.filter(action=E.QUERY_CODE_SHOW).count() == 1


# -- the answer --------------------------------------------------------------------------------------


def test_the_answer_is_the_stage_and_due_date_only(inspector):
    petition = accepted(inspector, kind=Kind.PETITION)
    code = query_code.issue(inspector, petition)
    petition.refresh_from_db()
    answer = query_code.lookup(inspector, code)
    assert set(answer) == {"found", "message", "stage", "due"}
    assert answer["stage"].startswith("已受理") and answer["due"] == (petition.next_due or petition.conclude_due)
    text = str(answer)
    for secret in (petition.number, petition.summary, REPORTER.name, REPORTER.phone, "服务态度"):
        assert secret not in text


def test_wrong_closed_archived_restricted_and_recused_codes_get_the_same_answer(inspector, supervisor):
    # A closed petition cannot be issued a code, so a code issued while open is moved onto a closed one.
    closed = _closed(inspector)
    open_then_closed = accepted(inspector)
    code_closed = query_code.issue(inspector, open_then_closed)
    Petition.objects.filter(pk=open_then_closed.pk).update(query_code_hmac="")
    Petition.objects.filter(pk=closed.pk).update(query_code_hmac=query_code._fingerprint(code_closed))
    archived = accepted(inspector)
    code_archived = query_code.issue(inspector, archived)
    archived.refresh_from_db()
    archived.archive()
    about_supervisor = accepted(inspector, subject_person=supervisor.person)
    code_recused = query_code.issue(inspector, about_supervisor)
    wrong = query_code.generate()
    answers = [
        query_code.lookup(inspector, wrong),
        query_code.lookup(inspector, code_closed),
        query_code.lookup(inspector, code_archived),
        query_code.lookup(supervisor, code_recused),
        query_code.lookup(inspector, "not a code at all"),
    ]
    assert all(a == query_code.NOT_FOUND for a in answers)
    assert query_code.NOT_FOUND["message"] == "未查到，请核对查询码"
    assert query_code.lookup(inspector, code_recused)["found"] is True  # the code is good; 回避 hid it


# -- the log and its limit ---------------------------------------------------------------------------


def test_every_lookup_is_logged_found_or_not_without_the_code(inspector, supervisor):
    petition = accepted(inspector)
    code = query_code.issue(inspector, petition)
    query_code.lookup(inspector, code, ip="10.0.0.5")
    query_code.lookup(inspector, query_code.generate())
    query_code.lookup(supervisor, code)
    rows = list(QueryCodeLookup.objects.order_by("id").values_list("user_id", "found", "petition_id", "ip_address"))
    assert rows == [
        (inspector.pk, True, petition.pk, "10.0.0.5"),
        (inspector.pk, False, None, None),
        (supervisor.pk, True, petition.pk, None),
    ]


def test_misses_are_rate_limited_per_user_and_the_window_moves(inspector, supervisor, monkeypatch):
    monkeypatch.setattr(query_code, "MAX_MISSES", 3)
    petition = accepted(inspector)
    code = query_code.issue(inspector, petition)
    for _ in range(3):
        query_code.lookup(inspector, query_code.generate())
    with pytest.raises(ApplicationError) as refused:
        query_code.lookup(inspector, code)  # even the right code: no more tries
    assert refused.value.status == 429 and "请稍后再试" in refused.value.message
    # The refused try is logged as refused, and does not count as a miss: the window still ends.
    log = QueryCodeLookup.objects.filter(user=inspector)
    assert log.count() == 4 and list(log.filter(refused=True).values_list("found", "petition")) == [(False, None)]
    with pytest.raises(ApplicationError):
        query_code.lookup(inspector, code)
    assert log.filter(refused=True).count() == 2 and log.filter(refused=False).count() == 3
    assert query_code.lookup(supervisor, code)["found"] is True  # another user is not held back
    # An hour later the misses have left the window.
    QueryCodeLookup.objects.filter(user=inspector).update(at=timezone.now() - dt.timedelta(minutes=61))
    assert query_code.lookup(inspector, code)["found"] is True


@pytest.mark.parametrize("who", ["leader", "office_a", "admin_user"])
def test_only_discipline_staff_look_up(request, inspector, who):
    code = query_code.issue(inspector, accepted(inspector))
    with pytest.raises(PermissionDeniedError):
        query_code.lookup(request.getfixturevalue(who), code)
    assert not QueryCodeLookup.objects.exists()


def test_superuser_without_role_may_not_look_up(inspector):
    code = query_code.issue(inspector, accepted(inspector))
    root = make_user(username="root_only", superuser=True)
    with pytest.raises(PermissionDeniedError):
        query_code.lookup(root, code)


def test_no_table_holds_a_code_in_clear(inspector, api_as, client):
    """Registration with a code over the API, the printed notice, a re-issue and lookups: then every
    table — history, event log, audit, idempotency records, sessions — is scanned for either code."""
    from django.db import connection
    from django.urls import reverse

    from tests.petitions.api_helpers import registration_body

    body = registration_body(issue_query_code=True)
    created = api_as(inspector).post(reverse("petition-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    first = created.json()["query_code"]
    client.force_login(inspector)
    assert first in client.get(reverse("web:petition-notice", args=[created.json()["id"]])).content.decode()
    second = query_code.issue(inspector, created.json()["id"])
    query_code.lookup(inspector, first)
    query_code.lookup(inspector, second)
    secrets_ = {first, second, query_code.normalise(first), query_code.normalise(second)}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                blob = " ".join(
                    bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v) for v in row
                )
                found += [(table, s) for s in secrets_ if s in blob]
    assert found == []
    # The scan is not vacuous: the fingerprint it would have to match is there.
    assert Petition.objects.filter(query_code_hmac=query_code._fingerprint(second)).exists()
