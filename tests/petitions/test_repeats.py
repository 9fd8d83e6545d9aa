"""疑似重复件: each reason, the window, what is never compared, and that a decision sticks."""

import pytest

from petitions import repeats
from petitions.identity import Identity
from petitions.models import Petition, RepeatSuggestion, RestrictedReason
from tests.petitions.factories import OTHER_REPORTER, received, register
from tests.petitions.repeat_helpers import department, pairs, registered, ticket

pytestmark = pytest.mark.django_db

R = RepeatSuggestion.Reason
SAME_PHONE = Identity(name="另一个名字", phone="+86 139-1234-5678")  # REPORTER's phone, written otherwise


def test_the_same_phone_within_the_window_is_suggested_at_registration(inspector, django_capture_on_commit_callbacks):
    first = register(inspector, informant=OTHER_REPORTER, received_at=received(30), summary="甲事")
    earlier = register(inspector, received_at=received(20), summary="乙事")
    later = registered(
        inspector, django_capture_on_commit_callbacks, informant=SAME_PHONE, received_at=received(1), summary="丙事"
    )

    assert pairs(later) == {earlier.pk: [R.REPORTER]}
    assert first.pk not in pairs(later)
    assert RepeatSuggestion.objects.get(petition=later).state == RepeatSuggestion.State.PENDING


def test_the_same_id_number_counts_as_the_same_reporter(inspector):
    earlier = register(
        inspector, informant=Identity(name="甲", id_number="11010119900307663X"), is_named=False, summary="甲事"
    )
    later = register(
        inspector, informant=Identity(name="乙", id_number="11010119900307663x"), is_named=False, summary="乙事"
    )

    repeats.suggest(later)

    assert pairs(later) == {earlier.pk: [R.REPORTER]}


@pytest.mark.parametrize(("days_between", "suggested"), [(10, True), (11, False)])
def test_the_window_is_counted_back_from_the_new_petition(inspector, settings, days_between, suggested):
    settings.PETITION_REPEAT_WINDOW_DAYS = 10
    earlier = register(inspector, received_at=received(days_between + 1), summary="甲事")
    later = register(inspector, received_at=received(1), summary="乙事")

    repeats.suggest(later)

    assert (earlier.pk in pairs(later)) is suggested


def test_only_earlier_petitions_are_suggested(inspector):
    later_received = register(inspector, received_at=received(1), summary="甲事")
    registered_later = register(inspector, received_at=received(5), summary="乙事")

    repeats.suggest(registered_later)

    assert pairs(registered_later) == {}  # the other one was received after it
    repeats.suggest(later_received)
    assert pairs(later_received) == {registered_later.pk: [R.REPORTER]}


def test_the_same_subject_with_a_similar_summary_is_suggested_with_its_similarity(inspector):
    dept = department()
    earlier = register(
        inspector, informant=None, subject_department=dept, summary="反映某所窗口工作人员办事推诿、态度生硬"
    )
    unrelated = register(inspector, informant=None, subject_department=dept, summary="建议增设停车位")
    elsewhere = register(
        inspector,
        informant=None,
        subject_department=department("另一单位"),
        summary="反映某所窗口工作人员办事推诿、态度生硬",
    )
    later = register(
        inspector, informant=None, subject_department=dept, summary="再次反映某所窗口工作人员办事推诿态度生硬"
    )

    repeats.suggest(later)

    assert pairs(later) == {earlier.pk: [R.SUBJECT]}
    assert unrelated.pk not in pairs(later) and elsewhere.pk not in pairs(later)
    similarity = RepeatSuggestion.objects.get(petition=later).similarity
    assert 0.3 <= similarity < 1


def test_the_same_subject_person_counts_too(inspector, dept_a):
    from tests.factories import make_user

    person = make_user(departments=[dept_a], person_name="被反映的张三").person_obj
    earlier = register(inspector, informant=None, subject_person=person, summary="张三上班时间长期脱岗")
    later = register(inspector, informant=None, subject_person=person, summary="张三上班时间长期脱岗，无人管")

    repeats.suggest(later)

    assert pairs(later) == {earlier.pk: [R.SUBJECT]}


def test_the_same_ticket_family_is_suggested_whenever_it_was_received(inspector, settings):
    settings.PETITION_REPEAT_WINDOW_DAYS = 5
    original = register(inspector, informant=None, received_at=received(40), summary="甲事")
    ticket(original, "GD20260001", "GD20260001")  # an original is its own family
    other = register(inspector, informant=None, received_at=received(30), summary="乙事")
    ticket(other, "GD20269999", "GD20269999")
    follow_up = register(inspector, informant=None, received_at=received(1), summary="丙事")
    ticket(follow_up, "GD20260001-1", "GD20260001")

    repeats.suggest(follow_up)

    assert pairs(follow_up) == {original.pk: [R.TICKET]}


def test_several_reasons_for_one_original_make_one_suggestion(inspector):
    dept = department()
    earlier = register(inspector, subject_department=dept, summary="窗口人员态度生硬，推诿扯皮")
    ticket(earlier, "GD20260002", "GD20260002")
    later = register(inspector, subject_department=dept, summary="窗口人员态度生硬，推诿扯皮")
    ticket(later, "GD20260002-1", "GD20260002")

    repeats.suggest(later)

    assert pairs(later) == {earlier.pk: [R.REPORTER, R.SUBJECT, R.TICKET]}


def test_at_most_the_configured_number_of_suggestions_the_earliest_first(inspector, settings):
    settings.PETITION_REPEAT_MAX_SUGGESTIONS = 2
    first, second, third = (register(inspector, received_at=received(d), summary=f"第{d}事") for d in (9, 8, 7))
    later = register(inspector, summary="又一事")

    repeats.suggest(later)

    assert set(pairs(later)) == {first.pk, second.pk}
    assert third.pk not in pairs(later)


def test_restricted_petitions_are_neither_suggested_nor_given_suggestions(inspector):
    restricted = register(inspector, kind="accusation", restricted_reason=RestrictedReason.choices[0][0])
    ticket(restricted, "GD20260003", "GD20260003")
    later = register(inspector, informant=None)
    ticket(later, "GD20260003-1", "GD20260003")
    repeats.suggest(later)
    assert pairs(later) == {}

    open_one = register(inspector, informant=None, received_at=received(3))
    ticket(open_one, "GD20260004", "GD20260004")
    restricted_later = register(inspector, kind="accusation", restricted_reason=RestrictedReason.choices[0][0])
    ticket(restricted_later, "GD20260004-1", "GD20260004")
    repeats.suggest(restricted_later)
    assert pairs(restricted_later) == {}


def test_archived_petitions_are_not_suggested(inspector):
    earlier = register(inspector, summary="甲事")
    Petition.objects.filter(pk=earlier.pk).update(archived_at=earlier.registered_at)
    later = register(inspector, summary="乙事")

    repeats.suggest(later)

    assert pairs(later) == {}


def test_a_dismissed_pair_is_never_suggested_again(inspector):
    earlier = register(inspector, summary="甲事")
    later = register(inspector, summary="乙事")
    repeats.suggest(later)
    RepeatSuggestion.objects.filter(petition=later).update(state=RepeatSuggestion.State.DISMISSED)

    assert repeats.suggest(later) == 0

    assert list(RepeatSuggestion.objects.filter(petition=later).values_list("original_id", "state")) == [
        (earlier.pk, RepeatSuggestion.State.DISMISSED)
    ]


def test_a_petition_already_marked_a_repeat_gets_no_suggestions(inspector):
    earlier = register(inspector, summary="甲事")
    later = register(inspector, summary="乙事", repeat_of=earlier)

    assert repeats.suggest(later) == 0 and pairs(later) == {}


def test_a_failing_suggestion_does_not_undo_the_registration(
    inspector, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(_pk):
        raise RuntimeError("similarity service down")

    monkeypatch.setattr(repeats, "suggest", broken)
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(inspector)

    assert Petition.objects.filter(pk=petition.pk).exists()
