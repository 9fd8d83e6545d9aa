"""Edit × workflow step for petitions and recommendations, on separate connections.

As for measures (test_measure_races): the edit is based on a copy read before the race;
with a version it is accepted only when it came first and is otherwise refused, without
one it is applied on top; the step's effect is never undone.
"""

import pytest

from core.concurrency import StaleVersionError
from core.errors import ApplicationError
from discipline.models import Recommendation
from discipline.services import recommendations as rec_services
from organization.roles import Role
from petitions import services as petition_services
from petitions.models import Petition, Status
from tests.concurrency.harness import race
from tests.discipline.factories import draft_recommendation
from tests.factories import make_user
from tests.petitions.factories import register

EDIT_DELAYS = (0, 0.15)


def _check(step_outcome, edit_outcome, *, before, after, edited, with_version, stale_types=(StaleVersionError,)):
    assert step_outcome[0] == "ok", step_outcome
    if edit_outcome[0] == "ok":
        assert edited(after), "the accepted edit was lost"
        if with_version:
            assert edit_outcome[1].version == before.version + 1, "an edit on a stale version was accepted"
    else:
        assert isinstance(edit_outcome[1], stale_types), edit_outcome
        assert with_version or not isinstance(edit_outcome[1], StaleVersionError)
        assert not edited(after)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("with_version", [True, False], ids=["version", "no_version"])
def test_petition_edit_and_acceptance_both_hold(with_version):
    clerk = make_user(Role.INSPECTOR, username="race_clerk", person_name="登记员")
    for delay in EDIT_DELAYS:
        petition = register(clerk)
        before = Petition.objects.get(pk=petition.pk)
        summary = f"更正后的摘要{delay}"

        def edit(copy, summary=summary):
            version = copy.version if with_version else None
            return petition_services.petition_update(user=clerk, petition=copy, version=version, summary=summary)

        step, edited = race(
            lambda p=petition: petition_services.petition_accept(user=clerk, petition=p),
            edit,
            prepare=[None, lambda p=petition: Petition.objects.get(pk=p.pk)],
            delays=[0, delay],
        )
        after = Petition.objects.get(pk=petition.pk)
        assert after.status == Status.ACCEPTED and after.accepted_at is not None
        _check(step, edited, before=before, after=after, edited=lambda a, s=summary: a.summary == s,
               with_version=with_version)  # fmt: skip


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("with_version", [True, False], ids=["version", "no_version"])
def test_recommendation_edit_and_issue_both_hold(with_version):
    author = make_user(Role.INSPECTOR, username="race_author", person_name="起草人")
    for delay in EDIT_DELAYS:
        rec = draft_recommendation(author)
        before = Recommendation.objects.get(pk=rec.pk)
        title = f"关于规范公务接待的纪律检查建议{delay}"

        def edit(copy, title=title):
            version = copy.version if with_version else None
            return rec_services.recommendation_update(user=author, rec=copy, data={"title": title}, version=version)

        step, edited = race(
            lambda r=rec: rec_services.recommendation_issue(user=author, rec=r),
            edit,
            prepare=[None, lambda r=rec: Recommendation.objects.get(pk=r.pk)],
            delays=[0, delay],
        )
        after = Recommendation.objects.get(pk=rec.pk)
        assert after.status == Recommendation.Status.ISSUED and after.number
        # an issued letter's text is fixed: after the issue the edit is refused either way
        _check(step, edited, before=before, after=after, edited=lambda a, t=title: a.title == t,
               with_version=with_version, stale_types=(ApplicationError,))  # fmt: skip
