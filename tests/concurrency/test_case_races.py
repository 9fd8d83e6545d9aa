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
from petitions.models import Status
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


def _race_rounds(*, make, step, edit, holds, edited, with_version, stale_types=(StaleVersionError,)):
    """Per delay: a fresh record from ``make()``, ``step(obj)`` raced with ``edit(copy, version, n)``."""
    for n, delay in enumerate(EDIT_DELAYS):
        obj = make()
        model = type(obj)
        before = model.objects.get(pk=obj.pk)

        def edited_copy(copy, n=n):
            return edit(copy, copy.version if with_version else None, n)

        step_outcome, edit_outcome = race(
            lambda o=obj: step(o),
            edited_copy,
            prepare=[None, lambda o=obj, m=model: m.objects.get(pk=o.pk)],
            delays=[0, delay],
        )
        after = model.objects.get(pk=obj.pk)
        assert holds(after), f"the step was undone: {after.status}"
        _check(step_outcome, edit_outcome, before=before, after=after, edited=lambda a, n=n: edited(a, n),
               with_version=with_version, stale_types=stale_types)  # fmt: skip


VERSIONS = pytest.mark.parametrize("with_version", [True, False], ids=["version", "no_version"])


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@VERSIONS
def test_petition_edit_and_acceptance_both_hold(with_version):
    clerk = make_user(Role.INSPECTOR, username="race_clerk", person_name="登记员")
    _race_rounds(
        make=lambda: register(clerk),
        step=lambda p: petition_services.petition_accept(user=clerk, petition=p),
        edit=lambda copy, version, n: petition_services.petition_update(
            user=clerk, petition=copy, reason="登记有误", version=version, summary=f"更正后的摘要{n}"
        ),
        holds=lambda p: p.status == Status.ACCEPTED and p.accepted_at is not None,
        edited=lambda p, n: p.summary == f"更正后的摘要{n}",
        with_version=with_version,
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@VERSIONS
def test_recommendation_edit_and_issue_both_hold(with_version):
    author = make_user(Role.INSPECTOR, username="race_author", person_name="起草人")
    _race_rounds(
        make=lambda: draft_recommendation(author),
        step=lambda r: rec_services.recommendation_issue(user=author, rec=r),
        edit=lambda copy, version, n: rec_services.recommendation_update(
            user=author, rec=copy, data={"title": f"关于规范公务接待的建议{n}"}, version=version
        ),
        holds=lambda r: r.status == Recommendation.Status.ISSUED and bool(r.number),
        edited=lambda r, n: r.title == f"关于规范公务接待的建议{n}",
        with_version=with_version,
        # an issued letter's text is fixed: after the issue the edit is refused either way
        stale_types=(ApplicationError,),
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_review_requests_at_once_record_one():
    """The same 复查 request entered by two staff at the same moment (separate connections): one is
    recorded, the other told it already was; one event, one due date."""
    import datetime as dt

    from django.utils import timezone

    from petitions.models import Kind, PetitionEvent

    clerk = make_user(Role.INSPECTOR, username="race_review", person_name="复查登记员")
    other = make_user(Role.INSPECTOR, username="race_review2", person_name="复查登记员乙")
    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=40), dt.time(10)))
    petition = register(clerk, kind=Kind.PETITION, received_at=noon)
    petition = petition_services.petition_accept(user=clerk, petition=petition, at=noon + dt.timedelta(hours=1))
    petition = petition_services.petition_handle(user=clerk, petition=petition, at=noon + dt.timedelta(hours=2))
    petition = petition_services.petition_conclude(
        user=clerk, petition=petition, result="不予支持", concluded_on=today - dt.timedelta(days=20)
    )
    events = PetitionEvent.objects.filter(petition=petition).count()

    def ask(user, days_ago):
        return lambda: petition_services.petition_review_request(
            user=user, petition=petition, stage="review", on=today - dt.timedelta(days=days_ago)
        )

    outcomes = race(ask(clerk, 3), ask(other, 2))
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, ApplicationError) and "不能重复登记" in error.message
    petition.refresh_from_db()
    winner = next(value for kind, value in outcomes if kind == "ok")
    assert petition.review_requested_on == winner.review_requested_on
    assert PetitionEvent.objects.filter(petition=petition).count() == events + 1
