"""The identity attack through repeat suggestions (issue 17, the first issue's rule).

An inspector registers a petition with a phone number they know; the system finds the earlier
petition of that reporter and stores a REPORTER suggestion. Nothing of it may reach the
inspector — not the earlier number, not the words 同一反映人, not a 404-vs-409 difference —
through the suggestions API, the petition API or the page; a user allowed to see both
identities sees the link.
"""

import pytest
from django.test import Client
from django.urls import reverse

from core.grants import grant
from core.models import AccessGrant
from organization.roles import Role
from petitions.models import Petition, RepeatSuggestion
from tests.factories import make_user
from tests.petitions.factories import REPORTER, category, received, register
from tests.petitions.repeat_helpers import department

pytestmark = pytest.mark.django_db


@pytest.fixture
def curious(db):
    return make_user(Role.INSPECTOR, username="curious", person_name="好奇的纪检干部")


def _register_via_api(client, capture, **extra):
    body = {
        "received_at": received().isoformat(),
        "channel": "phone",
        "kind": "complaint",
        "is_named": False,
        "category": category().pk,
        "summary": "随便反映一件事",
        "informant": {"phone": REPORTER.phone},
    } | extra
    with capture(execute=True):
        created = client.post(reverse("petition-list"), body, format="json")
    assert created.status_code == 201, created.json()
    return created.json()["id"]


def test_typing_a_known_phone_tells_the_inspector_nothing_of_the_earlier_reporter(
    api_as, inspector, curious, django_capture_on_commit_callbacks
):
    earlier = register(inspector, received_at=received(3), summary="第一次反映")  # filed by REPORTER
    client = api_as(curious)

    pk = _register_via_api(client, django_capture_on_commit_callbacks)

    stored = RepeatSuggestion.objects.get(petition_id=pk)  # the system did find it …
    assert stored.original_id == earlier.pk and stored.reasons == [RepeatSuggestion.Reason.REPORTER]
    # … and the attacker sees none of it
    assert client.get(reverse("petition-repeats", args=[pk])).json() == []
    detail = client.get(reverse("petition-detail", args=[pk]))
    assert detail.json()["suspected_repeats"] == [] and earlier.number not in detail.content.decode()
    for name in ("petition-repeat-confirm", "petition-repeat-dismiss"):
        assert client.post(reverse(name, args=[pk, stored.pk]), {}).status_code == 404  # as if none existed
    assert client.post(reverse("petition-repeat-confirm", args=[pk, stored.pk + 999]), {}).status_code == 404
    browser = Client()
    browser.force_login(curious)
    html = browser.get(reverse("web:petition-detail", args=[pk])).content.decode()
    assert "疑似重复" not in html and earlier.number not in html and "同一反映人" not in html
    posted = browser.post(reverse("web:petition-repeat-decide", args=[pk, stored.pk]), {"action": "confirm"})
    assert posted.status_code == 404
    assert RepeatSuggestion.objects.get(pk=stored.pk).state == RepeatSuggestion.State.PENDING
    assert not Petition.objects.get(pk=pk).is_repeat


def test_with_a_similar_subject_too_only_the_subject_reason_shows(
    api_as, inspector, curious, django_capture_on_commit_callbacks
):
    dept = department()
    earlier = register(inspector, received_at=received(3), subject_department=dept, summary="窗口人员态度生硬推诿扯皮")
    client = api_as(curious)

    pk = _register_via_api(
        client, django_capture_on_commit_callbacks, subject_department=dept.pk, summary="窗口人员态度生硬推诿扯皮"
    )

    assert RepeatSuggestion.objects.get(petition_id=pk).reasons == ["reporter", "subject"]
    rows = client.get(reverse("petition-repeats", args=[pk])).json()
    assert [(r["original"]["id"], r["reasons"], r["reason_labels"]) for r in rows] == [
        (earlier.pk, ["subject"], ["同一被反映对象且内容相近"])
    ]
    browser = Client()
    browser.force_login(curious)
    html = browser.get(reverse("web:petition-detail", args=[pk])).content.decode()
    assert "同一被反映对象且内容相近" in html and "同一反映人" not in html
    assert "信访人电话或证件号码与本件相同" not in html


def test_a_user_who_may_see_both_identities_sees_the_reporter_reason(
    api_as, inspector, curious, supervisor, django_capture_on_commit_callbacks
):
    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY, reason="默认授权")
    earlier = register(inspector, received_at=received(3), summary="第一次反映")
    pk = _register_via_api(api_as(curious), django_capture_on_commit_callbacks)

    rows = api_as(supervisor).get(reverse("petition-repeats", args=[pk])).json()

    assert [(r["original"]["number"], r["reason_labels"]) for r in rows] == [(earlier.number, ["同一反映人"])]
    browser = Client()
    browser.force_login(supervisor)
    html = browser.get(reverse("web:petition-detail", args=[pk])).content.decode()
    assert html.count(f">{earlier.number}</a>") == 1  # one place: the card, not a second list
    assert "同一反映人" in html
