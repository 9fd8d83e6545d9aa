"""更正: who may correct which facts of an open petition, with a reason kept in its history; the due
dates counted from receipt follow; a stale version, a closed petition or bad input changes nothing."""

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.concurrency import StaleVersionError
from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from organization.roles import Role
from petitions import services
from petitions.models import Channel, Kind, Petition, PetitionEvent, Status
from tests.factories import make_user
from tests.petitions.factories import accepted, category, concluded, handling, received, register, transferred

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


def _fresh(petition):
    return Petition.objects.get(pk=petition.pk)


def test_a_correction_changes_the_facts_and_keeps_the_reason_in_history_and_timeline(inspector):
    petition = register(inspector)
    before = petition.version

    petition = services.petition_correct(
        user=inspector,
        petition=petition,
        reason="登记时摘要录错",
        version=before,
        summary="  窗口人员推诿扯皮  ",
        category=category("办事效率"),
    )

    petition = _fresh(petition)
    assert petition.summary == "窗口人员推诿扯皮" and petition.category.name == "办事效率"
    assert petition.version == before + 1
    latest = petition.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == "更正：内容摘要、问题类别（理由：登记时摘要录错）"
    assert latest.history_user_id == inspector.pk
    assert latest.prev_record.summary == "接线员态度生硬"  # what it was stays readable
    event = petition.events.order_by("-id").first()
    assert event.action == E.CORRECT and event.user_id == inspector.pk
    assert event.note == "更正了内容摘要、问题类别。理由：登记时摘要录错"


@pytest.mark.parametrize("reason", ["", "   ", None, "理" * 501])
def test_the_reason_is_required_and_bounded_and_nothing_changes_without_it(inspector, reason):
    petition = register(inspector)
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason=reason, summary="新摘要")
    assert "reason" in exc.value.detail
    after = _fresh(petition)
    assert (after.summary, after.version) == (petition.summary, petition.version)
    assert not after.events.filter(action=E.CORRECT).exists()


def test_a_correction_that_changes_nothing_is_refused(inspector):
    petition = register(inspector)
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason="核对", summary=petition.summary)
    assert exc.value.code == "unchanged"
    assert _fresh(petition).version == petition.version


def test_the_received_time_is_corrected_after_acceptance_and_the_dues_from_receipt_follow(inspector):
    # a named 投诉 owes 告知 within 7 工作日 of receipt (rule of the example unit)
    petition = accepted(inspector, received_at=received(days_ago=1))
    earlier = received(days_ago=20)
    expected = register(inspector, received_at=earlier).notify_due  # what registration computes for that day
    assert petition.notify_due != expected

    petition = services.petition_correct(user=inspector, petition=petition, reason="收到时间录错", received_at=earlier)

    petition = _fresh(petition)
    assert petition.received_at == earlier and petition.status == Status.ACCEPTED
    assert petition.notify_due == expected
    assert petition.next_due is not None


def test_the_received_time_cannot_move_after_acceptance_or_into_the_future(inspector):
    petition = register(inspector, received_at=received(days_ago=3))
    petition = services.petition_accept(
        user=inspector, petition=petition, at=petition.received_at + dt.timedelta(hours=1)
    )
    too_late = petition.accepted_at + dt.timedelta(hours=1)  # in the past, but after the acceptance
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason="更正", received_at=too_late)
    assert exc.value.detail["received_at"] == ["收到时间不能晚于受理时间"]
    fresh = register(inspector)
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(
            user=inspector, petition=fresh, reason="更正", received_at=timezone.now() + dt.timedelta(days=1)
        )
    assert "received_at" in exc.value.detail


def test_the_kind_is_corrected_until_the_way_of_handling_is_chosen_and_the_conclude_due_follows(inspector, dept_a):
    petition = accepted(inspector, kind=Kind.COMPLAINT)
    assert petition.conclude_due is None  # only a 信访事项 has a 60-day 办结 period
    petition = services.petition_correct(user=inspector, petition=petition, reason="实为申诉求决", kind=Kind.PETITION)
    assert _fresh(petition).conclude_due is not None

    for state in (transferred(inspector, dept_a), handling(inspector)):
        with pytest.raises(ApplicationError) as exc:
            services.petition_correct(user=inspector, petition=state, reason="更正", kind=Kind.SUGGESTION)
        assert exc.value.detail["kind"] == ["已转办或开始办理的信访件不能再更正类别"]
        assert _fresh(state).kind == Kind.COMPLAINT


def test_an_approved_extension_survives_a_correction_of_the_kind(inspector, supervisor):
    petition = accepted(inspector, kind=Kind.PETITION)
    extension = services.extension_request(user=inspector, petition=petition, days=10, reason="情况复杂")
    services.extension_approve(user=supervisor, extension=extension)
    extended = _fresh(petition).conclude_due

    services.petition_correct(user=inspector, petition=petition, reason="类别录错", kind=Kind.COMPLAINT)

    assert _fresh(petition).conclude_due == extended


def test_intake_flags_are_corrected_only_while_registered(inspector):
    petition = accepted(inspector, kind=Kind.PETITION, channel=Channel.REFERRAL)
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason="更正", outside_remit=True)
    assert "outside_remit" in exc.value.detail
    with pytest.raises(ApplicationError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason="更正", informant="x")
    assert exc.value.detail["informant"] == ["该项不能更正"]  # the identity is never corrected here


def test_a_stale_version_is_refused_naming_who_changed_it(inspector, supervisor):
    petition = register(inspector)
    stale = petition.version
    services.petition_correct(user=supervisor, petition=petition, reason="第一次更正", summary="甲")
    with pytest.raises(StaleVersionError) as exc:
        services.petition_correct(user=inspector, petition=petition, reason="第二次更正", version=stale, summary="乙")
    assert "纪检组长" in exc.value.message
    assert _fresh(petition).summary == "甲"


def test_closed_and_restricted_petitions_are_not_corrected(inspector):
    for petition in (
        concluded(inspector),
        services.petition_reject(user=inspector, petition=register(inspector), reason="无实质内容"),
    ):
        with pytest.raises(InvalidTransitionError):
            services.petition_correct(user=inspector, petition=petition, reason="更正", summary="新摘要")
    restricted = register(inspector, kind=Kind.ACCUSATION, restricted_reason="superior")
    with pytest.raises(InvalidTransitionError) as exc:
        services.petition_correct(user=inspector, petition=restricted, reason="更正", channel=Channel.LETTER)
    assert exc.value.code == "restricted"


def test_only_staff_who_see_it_correct_it(inspector, leader, office_a, admin_user, dept_a):
    petition = transferred(inspector, dept_a)
    for user in (leader, office_a, admin_user):
        with pytest.raises((PermissionDeniedError, Http404)):
            services.petition_correct(user=user, petition=petition, reason="更正", summary="新摘要")
    # 回避: a colleague the petition is about does not see it, so cannot correct it
    subject = make_user(Role.INSPECTOR, username="subject_clerk", person_name="被反映干部")
    about = register(inspector, subject_person=subject.person_obj)
    with pytest.raises(Http404):
        services.petition_correct(user=subject, petition=about, reason="更正", subject_person=None)
    assert _fresh(petition).summary == "接线员态度生硬"


def test_renaming_the_subject_keeps_the_first_one_recused(inspector):
    colleague = make_user(Role.INSPECTOR, username="first_subject", person_name="原被反映人")
    petition = register(inspector, subject_person=colleague.person_obj)
    services.petition_correct(user=inspector, petition=petition, reason="被反映人录错", subject_person=None)
    with pytest.raises(Http404):
        services.petition_correct(user=colleague, petition=petition, reason="更正", summary="新摘要")


# -- the API -------------------------------------------------------------------------------------------------


def test_the_api_corrects_with_a_reason_and_answers_400_naming_the_field(inspector, api_as):
    petition = register(inspector)
    api = api_as(inspector)
    url = reverse("petition-correct", args=[petition.pk])

    for body, field in (
        ({"summary": "新摘要"}, "reason"),
        ({"reason": "更正"}, "non_field_errors"),
        ({"reason": "更正", "kind": "bogus"}, "kind"),
        ({"reason": "更正", "received_at": "昨天"}, "received_at"),
        ({"reason": "更正", "category": 999999}, "category"),
        ({"reason": "更正", "version": "abc", "summary": "x"}, "version"),
        ({"reason": "理" * 501, "summary": "x"}, "reason"),
    ):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["detail"], (body, response.json())
    assert _fresh(petition).version == petition.version

    response = api.post(url, {"reason": "摘要录错", "summary": "新摘要", "version": petition.version}, format="json")
    assert response.status_code == 200 and response.json()["summary"] == "新摘要"
    response = api.post(url, {"reason": "再次更正", "summary": "旧版本", "version": petition.version}, format="json")
    assert response.status_code == 409
    assert _fresh(petition).summary == "新摘要"


# -- the page ------------------------------------------------------------------------------------------------


@pytest.fixture
def page_as():
    def _make(user):
        client = Client()
        client.force_login(user)
        return client

    return _make


def _form(petition, **overrides):
    data = {
        "action": "correct",
        "correct-version": petition.version,
        "correct-received_at": timezone.localtime(petition.received_at).strftime("%Y-%m-%dT%H:%M"),
        "correct-channel": petition.channel,
        "correct-kind": petition.kind,
        "correct-category": petition.category_id,
        "correct-summary": petition.summary,
        "correct-content": petition.content,
        "correct-subject_department": "",
        "correct-subject_person": "",
        "correct-reason": "登记时录错",
    }
    data.update({f"correct-{k}": v for k, v in overrides.items()})
    return data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_at": "昨天上午"}, "received_at"),
        ({"received_at": "2099-01-01T10:00"}, "received_at"),
        ({"kind": "bogus"}, "kind"),
        ({"channel": "<script>"}, "channel"),
        ({"category": "abc"}, "category"),
        ({"category": "999999"}, "category"),
        ({"subject_person": "-1"}, "subject_person"),
        ({"summary": "摘" * 2001}, "summary"),
        ({"summary": "   "}, "summary"),
        ({"reason": ""}, "reason"),
        ({"reason": "理" * 501}, "reason"),
        ({"version": "abc", "summary": "新摘要"}, "version"),
    ],
)
def test_hostile_input_on_the_correction_form_is_a_400_beside_its_field(overrides, field, inspector, page_as):
    petition = register(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])

    response = page_as(inspector).post(url, _form(petition, **overrides))

    assert response.status_code == 400
    form = response.context["steps"][-1][2]
    assert response.context["steps"][-1][0] == "correct"
    assert field in form.errors or (field == "version" and form.errors), form.errors
    after = _fresh(petition)
    assert (after.version, after.summary, after.received_at) == (
        petition.version,
        petition.summary,
        petition.received_at,
    )


def test_the_page_corrects_only_what_changed_and_shows_the_reason(inspector, page_as):
    petition = register(inspector)
    url = reverse("web:petition-detail", args=[petition.pk])
    client = page_as(inspector)

    response = client.post(url, _form(petition, summary="热线接线员推诿", reason="摘要与来电记录不符"))

    assert response.status_code == 302
    after = _fresh(petition)
    assert after.summary == "热线接线员推诿" and after.received_at == petition.received_at  # seconds kept
    html = client.get(url).content.decode()
    assert "更正了内容摘要。理由：摘要与来电记录不符" in html
    # the same page posted again (a stale form): refused as stale, nothing changed
    response = client.post(url, _form(petition, summary="另一版本", reason="再次更正"))
    assert response.status_code == 400 and "已被" in response.content.decode()
    assert _fresh(petition).summary == "热线接线员推诿"
