"""Two decisions on one petition's repeat suggestions at once, on separate connections: one wins,
the other is refused with 409 and changes nothing."""

import pytest

from core.errors import ApplicationError
from organization.roles import Role
from petitions import repeats
from petitions.models import Petition, RepeatSuggestion
from petitions.repeats.services import repeat_confirm, repeat_dismiss
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.petitions.factories import received, register

DELAYS = ((0, 0), (0, 0.15), (0.15, 0))


def _setup():
    user = make_user(Role.INSPECTOR)
    first = register(user, received_at=received(10), summary="第一次反映")
    second = register(user, received_at=received(5), summary="第二次反映")
    later = register(user, received_at=received(1), summary="第三次反映")
    repeats.suggest(later)
    by_original = {s.original_id: s.pk for s in RepeatSuggestion.objects.filter(petition=later)}
    return user, later, by_original[first.pk], by_original[second.pk]


def _one_wins(outcomes):
    oks = [o for o in outcomes if o[0] == "ok"]
    errors = [o[1] for o in outcomes if o[0] == "error"]
    assert len(oks) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], ApplicationError) and errors[0].status == 409, outcomes
    return oks[0][1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("delays", DELAYS)
def test_two_confirms_of_the_same_suggestion_one_wins(delays):
    user, later, first_s, _second_s = _setup()

    def confirm():
        return repeat_confirm(user=user, petition=later.pk, suggestion=first_s)

    _one_wins(race(confirm, confirm, delays=list(delays)))

    assert Petition.objects.get(pk=later.pk).version == later.version + 1  # one correction, not two
    assert later.events.filter(action="correct").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("delays", DELAYS)
def test_confirms_of_two_originals_at_once_link_one(delays):
    user, later, first_s, second_s = _setup()

    winner = _one_wins(
        race(
            lambda: repeat_confirm(user=user, petition=later.pk, suggestion=first_s),
            lambda: repeat_confirm(user=user, petition=later.pk, suggestion=second_s),
            delays=list(delays),
        )
    )

    after = Petition.objects.get(pk=later.pk)
    assert after.repeat_of_id == winner.original_id
    states = dict(RepeatSuggestion.objects.filter(petition=later).values_list("pk", "state"))
    assert sorted(states.values()) == [RepeatSuggestion.State.CONFIRMED, RepeatSuggestion.State.DISMISSED]
    assert states[winner.pk] == RepeatSuggestion.State.CONFIRMED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirm_and_a_dismiss_at_once_one_wins():
    user, later, first_s, _second_s = _setup()

    winner = _one_wins(
        race(
            lambda: repeat_confirm(user=user, petition=later.pk, suggestion=first_s),
            lambda: repeat_dismiss(user=user, petition=later.pk, suggestion=first_s),
        )
    )

    state = RepeatSuggestion.objects.get(pk=first_s).state
    assert state == winner.state
    assert Petition.objects.get(pk=later.pk).is_repeat is (state == RepeatSuggestion.State.CONFIRMED)
