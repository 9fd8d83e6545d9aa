"""确认重复 / 不是重复: the repeat rule follows, the history says so, and who may decide what."""

import pytest
from django.http import Http404
from django.urls import reverse

from core.concurrency import StaleVersionError
from core.errors import ApplicationError, PermissionDeniedError
from organization.roles import Role
from petitions import repeats, services
from petitions.models import Kind, Petition, PetitionEvent, RepeatSuggestion
from petitions.repeats.services import repeat_confirm, repeat_dismiss
from tests.factories import make_user
from tests.petitions.factories import received, register

pytestmark = pytest.mark.django_db

S = RepeatSuggestion.State


def _suggested(user, **kwargs):
    first = register(user, kind=Kind.ACCUSATION, received_at=received(10), summary="第一次反映", **kwargs)
    second = register(user, kind=Kind.ACCUSATION, received_at=received(5), summary="第二次反映", **kwargs)
    later = register(user, kind=Kind.ACCUSATION, received_at=received(1), summary="第三次反映", **kwargs)
    repeats.suggest(later)
    by_original = {s.original_id: s for s in RepeatSuggestion.objects.filter(petition=later)}
    return first, second, later, by_original


def test_confirming_makes_a_repeat_through_the_correction_with_the_repeat_rule(inspector):
    first, second, later, suggestions = _suggested(inspector)
    assert later.notify_due is not None  # a named 检举控告 is told …

    repeat_confirm(user=inspector, petition=later, suggestion=suggestions[first.pk], version=later.version)

    later = Petition.objects.get(pk=later.pk)
    assert later.is_repeat and later.repeat_of_id == first.pk
    assert later.notify_due is None  # … unless it repeats one (重复检举控告的，不再告知)
    latest = later.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == f"更正：重复的原件（理由：确认为 {first.number} 的重复件）"
    event = later.events.order_by("-id").first()
    assert event.action == PetitionEvent.Action.CORRECT and first.number in event.note
    states = dict(RepeatSuggestion.objects.filter(petition=later).values_list("original_id", "state"))
    assert states == {first.pk: S.CONFIRMED, second.pk: S.DISMISSED}  # the others are set aside
    confirmed = RepeatSuggestion.objects.get(pk=suggestions[first.pk].pk)
    assert confirmed.decided_by_id == inspector.pk and confirmed.decided_at is not None


def test_a_second_decision_on_a_decided_suggestion_is_a_conflict(inspector):
    first, second, later, suggestions = _suggested(inspector)
    repeat_confirm(user=inspector, petition=later, suggestion=suggestions[first.pk])

    for decide in (repeat_confirm, repeat_dismiss):
        for original in (first, second):
            with pytest.raises(ApplicationError) as exc:
                decide(user=inspector, petition=later, suggestion=suggestions[original.pk])
            assert exc.value.status == 409 and exc.value.code == "already_decided"
    assert Petition.objects.get(pk=later.pk).repeat_of_id == first.pk


def test_a_stale_version_is_refused_and_nothing_is_decided(inspector):
    first, _second, later, suggestions = _suggested(inspector)
    services.petition_correct(user=inspector, petition=later, reason="摘要录错", summary="改过的摘要")

    with pytest.raises(StaleVersionError):
        repeat_confirm(user=inspector, petition=later, suggestion=suggestions[first.pk], version=later.version)

    assert RepeatSuggestion.objects.get(pk=suggestions[first.pk].pk).state == S.PENDING
    assert not Petition.objects.get(pk=later.pk).is_repeat


def test_dismissing_sets_one_aside_and_leaves_the_petition_alone(inspector):
    first, second, later, suggestions = _suggested(inspector)

    repeat_dismiss(user=inspector, petition=later, suggestion=suggestions[first.pk])

    states = dict(RepeatSuggestion.objects.filter(petition=later).values_list("original_id", "state"))
    assert states == {first.pk: S.DISMISSED, second.pk: S.PENDING}
    assert not Petition.objects.get(pk=later.pk).is_repeat
    repeats.suggest(later)
    assert RepeatSuggestion.objects.filter(petition=later).count() == 2  # not suggested again


def test_after_acceptance_the_repeat_mark_is_not_corrected_any_more(inspector):
    first, _second, later, suggestions = _suggested(inspector)
    services.petition_accept(user=inspector, petition=later)

    with pytest.raises(ApplicationError) as exc:
        repeat_confirm(user=inspector, petition=later, suggestion=suggestions[first.pk])

    assert "repeat_of" in exc.value.detail or "is_repeat" in exc.value.detail
    assert RepeatSuggestion.objects.get(pk=suggestions[first.pk].pk).state == S.PENDING


def test_only_jijian_staff_decide(inspector, leader, office_a):
    first, _second, later, suggestions = _suggested(inspector)
    for user in (leader, office_a):
        with pytest.raises((PermissionDeniedError, Http404)):
            repeat_confirm(user=user, petition=later, suggestion=suggestions[first.pk])
    assert RepeatSuggestion.objects.get(pk=suggestions[first.pk].pk).state == S.PENDING


def test_a_suggestion_about_oneself_is_404_like_one_that_does_not_exist(inspector, api_as):
    subject = make_user(Role.INSPECTOR, username="subject")
    earlier = register(inspector, informant=None, subject_person=subject.person_obj, summary="某某长期迟到早退脱岗")
    later = register(inspector, informant=None, summary="某某长期迟到早退脱岗")
    # the same subject is needed for SUBJECT: make the later one about the same person too
    Petition.objects.filter(pk=later.pk).update(subject_person=subject.person_obj)
    repeats.suggest(later)
    suggestion = RepeatSuggestion.objects.get(petition=later, original=earlier)
    Petition.objects.filter(pk=later.pk).update(subject_person=None)  # the later one is visible to them

    with pytest.raises(Http404):
        repeat_confirm(user=subject, petition=later, suggestion=suggestion)
    assert api_as(subject).get(reverse("petition-repeats", args=[later.pk])).json() == []
    missing = api_as(subject).post(reverse("petition-repeat-confirm", args=[later.pk, suggestion.pk]), {})
    assert missing.status_code == 404


def test_the_api_lists_confirms_and_dismisses(inspector, api_as):
    first, second, later, suggestions = _suggested(inspector)
    client = api_as(inspector)

    listed = client.get(reverse("petition-repeats", args=[later.pk]))
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["original"]["number"] for r in rows] == [first.number, second.number]
    assert rows[0]["reasons"] == ["reporter"] and rows[0]["reason_labels"] == ["同一反映人"]  # the registrar
    dismissed = client.post(reverse("petition-repeat-dismiss", args=[later.pk, suggestions[second.pk].pk]), {})
    assert dismissed.status_code == 200 and dismissed.json()["state"] == S.DISMISSED
    confirmed = client.post(
        reverse("petition-repeat-confirm", args=[later.pk, suggestions[first.pk].pk]),
        {"version": later.version},
        format="json",
    )
    assert confirmed.status_code == 200, confirmed.json()
    again = client.post(reverse("petition-repeat-confirm", args=[later.pk, suggestions[first.pk].pk]), {})
    assert again.status_code == 409
    bad = client.post(reverse("petition-repeat-confirm", args=[later.pk, 0]), {"version": "x"}, format="json")
    assert bad.status_code == 400 and "version" in bad.json()["detail"]
    assert client.get(reverse("petition-repeats", args=[later.pk])).json() == []  # nothing pending
    assert client.get(reverse("petition-detail", args=[later.pk])).json()["is_repeat"] is True
