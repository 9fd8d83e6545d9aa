"""疑似重复件 at import (issue 17): an export's tickets that repeat earlier petitions are suggested
once the import commits — by reporter fingerprint and by 工单族 — a dry run suggests nothing, and
no suggestion tells a user without the identity grant who the earlier reporter was."""

import pytest
from django.test import Client
from django.urls import reverse

from organization.roles import Role
from petitions.hotline.importer import import_hotline
from petitions.identity import Identity
from petitions.models import HotlineSource, Petition, RepeatSuggestion
from tests.factories import make_user
from tests.petitions.factories import received, register
from tests.petitions.hotline_helpers import CALLER_NAME, CALLER_PHONE, ticket, xlsx_bytes

pytestmark = pytest.mark.django_db

R = RepeatSuggestion.Reason
CALLER = Identity(name=CALLER_NAME, phone=CALLER_PHONE)
FAMILY_CALLER = "13811112222"  # the follow-up ticket's caller: a different phone, so only the family links it


@pytest.fixture
def source(db):
    return HotlineSource.objects.create(name="市12345热线")


@pytest.fixture
def earlier(source, inspector):
    """A petition the caller filed 20 days ago (registered by hand), and an earlier import's ticket."""
    by_hand = register(inspector, informant=CALLER, received_at=received(20), summary="上次来电反映窗口态度")
    original = ticket(1, days_ago=30, phone="13900009999", name="另一来电人")
    import_hotline(source=source, data=xlsx_bytes([original]), file_name="a.xlsx", user=inspector)
    return by_hand, Petition.objects.get(ticket_no=original["ticket_no"])


def _export(original_ticket_no):
    """Ticket 2: the same caller as the hand-registered petition; the follow-up: the same family."""
    follow_up = ticket(3, days_ago=2, phone=FAMILY_CALLER, name="跟进来电人", ticket_no=f"{original_ticket_no}-1")
    follow_up["content"] = "再次来电：催办上次反映的问题。"
    return [ticket(2, days_ago=2), follow_up]


def _import(source, user, rows, **kw):
    return import_hotline(source=source, data=xlsx_bytes(rows), file_name="b.xlsx", user=user, **kw)


def _pairs():
    return {
        (s.petition.ticket_no, s.original_id): s.reasons for s in RepeatSuggestion.objects.select_related("petition")
    }


def test_an_import_suggests_repeats_by_reporter_and_by_ticket_family_after_commit(
    source, inspector, earlier, django_capture_on_commit_callbacks
):
    by_hand, original = earlier
    rows = _export(original.ticket_no)
    RepeatSuggestion.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary = _import(source, inspector, rows)
    assert summary.new == 2 and not RepeatSuggestion.objects.exists()  # nothing before commit …
    assert len(callbacks) == 1  # … and one batched suggestion for the file, not one per ticket
    callbacks[0]()

    assert _pairs() == {
        (rows[0]["ticket_no"], by_hand.pk): [R.REPORTER],
        (rows[1]["ticket_no"], original.pk): [R.TICKET],
    }
    assert set(RepeatSuggestion.objects.values_list("state", flat=True)) == {RepeatSuggestion.State.PENDING}


def test_reimporting_the_same_file_suggests_nothing_twice(
    source, inspector, earlier, django_capture_on_commit_callbacks
):
    rows = _export(earlier[1].ticket_no)
    with django_capture_on_commit_callbacks(execute=True):
        _import(source, inspector, rows)
    made = RepeatSuggestion.objects.count()
    assert made == 2
    rows[0]["satisfaction"] = "不满意"  # one ticket updated, one unchanged
    with django_capture_on_commit_callbacks(execute=True):
        assert _import(source, inspector, rows).counts()["updated"] == 1
    assert RepeatSuggestion.objects.count() == made


def test_a_dry_run_suggests_nothing(source, inspector, earlier, django_capture_on_commit_callbacks):
    before = RepeatSuggestion.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        summary = _import(source, inspector, _export(earlier[1].ticket_no), dry_run=True)
    assert summary.new == 2 and callbacks == []
    assert RepeatSuggestion.objects.count() == before
    assert not Petition.objects.filter(ticket_no__endswith="-1").exists()


def test_a_suggestion_never_reveals_the_earlier_reporter_to_a_user_without_the_grant(
    source, inspector, earlier, django_capture_on_commit_callbacks, api_as
):
    """The importer registered both tickets, so may see both callers; another inspector, without
    the identity grant, may read the family suggestion and nothing of any caller."""
    by_hand, original = earlier
    rows = _export(original.ticket_no)
    with django_capture_on_commit_callbacks(execute=True):
        _import(source, inspector, rows)
    reporter_repeat = Petition.objects.get(ticket_no=rows[0]["ticket_no"])
    follow_up = Petition.objects.get(ticket_no=rows[1]["ticket_no"])
    assert RepeatSuggestion.objects.get(petition=reporter_repeat).reasons == [R.REPORTER]  # stored …
    curious = make_user(Role.INSPECTOR, username="curious", person_name="好奇的纪检干部")
    client = api_as(curious)
    secrets = (CALLER_NAME, CALLER_PHONE, "跟进来电人", FAMILY_CALLER, "另一来电人", "13900009999")

    listed = client.get(reverse("petition-repeats", args=[reporter_repeat.pk]))
    assert listed.status_code == 200 and listed.json() == []  # … but not there for them at all
    family = client.get(reverse("petition-repeats", args=[follow_up.pk]))
    assert [(r["original"]["id"], r["reasons"]) for r in family.json()] == [(original.pk, [R.TICKET])]
    browser = Client()
    browser.force_login(curious)
    for petition in (reporter_repeat, follow_up):
        api_detail = client.get(reverse("petition-detail", args=[petition.pk])).content.decode()
        page = browser.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
        for body in (client.get(reverse("petition-repeats", args=[petition.pk])).content.decode(), api_detail, page):
            assert not any(secret in body for secret in secrets)
    page = browser.get(reverse("web:petition-detail", args=[reporter_repeat.pk])).content.decode()
    assert by_hand.number not in page and "同一反映人" not in page
    page = browser.get(reverse("web:petition-detail", args=[follow_up.pk])).content.decode()
    assert original.number in page and "同一工单" in page  # the card the family suggestion makes

    # The importer, who registered every one of them, sees the reporter link (never the caller's name in it).
    mine = api_as(inspector).get(reverse("petition-repeats", args=[reporter_repeat.pk]))
    assert [(r["original"]["id"], r["reasons"]) for r in mine.json()] == [(by_hand.pk, [R.REPORTER])]
    assert CALLER_NAME not in mine.content.decode() and CALLER_PHONE not in mine.content.decode()
