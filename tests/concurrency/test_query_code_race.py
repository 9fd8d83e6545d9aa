"""Two re-issues of one petition's 查询码 at once, each on its own connection: both succeed one after
the other (the petition row is locked), and afterwards exactly one of the two codes answers."""

import pytest

from petitions import query_code
from petitions.models import Petition, PetitionEvent
from tests.concurrency.harness import race
from tests.factories import make_user
from tests.petitions.factories import accepted

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_reissues_at_once_leave_exactly_one_valid_code():
    inspector = make_user("inspector", username="code_racer", person_name="并发发码人")
    supervisor = make_user("supervisor", username="code_racer2", person_name="并发发码负责人")
    petition = accepted(inspector)
    first = query_code.issue(inspector, petition)

    outcomes = race(lambda: query_code.issue(inspector, petition.pk), lambda: query_code.issue(supervisor, petition.pk))

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    codes = [o[1] for o in outcomes]
    answers = [query_code.lookup(inspector, c)["found"] for c in [first, *codes]]
    assert answers.count(True) == 1 and answers[0] is False
    stored = Petition.objects.get(pk=petition.pk)
    valid = codes[answers.index(True) - 1]
    assert stored.query_code_hmac == query_code._fingerprint(valid)
    assert stored.events.filter(action=PetitionEvent.Action.QUERY_CODE_REISSUE).count() == 2
