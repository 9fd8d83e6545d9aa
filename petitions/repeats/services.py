"""确认重复 / 不是重复: the registrar decides a repeat suggestion (纪检 staff only).

Confirming goes through the 更正 path (petitions.services.correction): the petition becomes
``is_repeat`` with ``repeat_of`` the original, with its history row and timeline event, and the
due dates counted from receipt are recomputed under the repeat rule (a repeat 检举控告 is not
told: 检举控告工作规则). Like every 更正 of the repeat mark, only while the petition is 已登记.
The petition's other pending suggestions are dismissed with it.

Concurrency: the petition row is locked first, then the suggestion; a suggestion already decided
(by a concurrent confirm or dismiss) is refused with 409, so of two confirms one wins.
"""

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError, require
from petitions import permissions
from petitions.models import RepeatSuggestion
from petitions.repeats.selectors import suggestion_get
from petitions.services.common import lock_visible
from petitions.services.correction import petition_correct

State = RepeatSuggestion.State


def _locked(user, petition, pk):
    require(permissions.can_process(user), "只有纪检干部可以确认重复件")
    petition = lock_visible(user, petition)
    suggestion = suggestion_get(user=user, petition=petition, pk=pk, for_update=True)
    if suggestion.state != State.PENDING:
        raise ApplicationError(
            f"该疑似重复件已被处理（{suggestion.get_state_display()}），请刷新页面",
            code="already_decided",
            status=409,
        )
    return petition, suggestion


def _decide(suggestion, user, state, now):
    suggestion.state = state
    suggestion.decided_by = user
    suggestion.decided_at = now
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])


@transaction.atomic
def repeat_confirm(*, user, petition, suggestion, version=None) -> RepeatSuggestion:
    """确认重复: ``petition`` becomes a repeat of the suggestion's original (a 更正 with its reason).

    ``suggestion`` is an id or a RepeatSuggestion of ``petition``; ``version`` the petition's
    version the decision is based on (stale: 409)."""
    pk = getattr(suggestion, "pk", suggestion)
    petition, suggestion = _locked(user, petition, pk)
    original = suggestion.original
    petition_correct(
        user=user,
        petition=petition,
        reason=f"确认为 {original.number} 的重复件",
        version=version,
        repeat_of=original,
    )
    now = timezone.now()
    _decide(suggestion, user, State.CONFIRMED, now)
    RepeatSuggestion.objects.filter(petition=petition, state=State.PENDING).exclude(pk=suggestion.pk).update(
        state=State.DISMISSED, decided_by=user, decided_at=now
    )
    return suggestion


@transaction.atomic
def repeat_dismiss(*, user, petition, suggestion) -> RepeatSuggestion:
    """不是重复: the suggestion is set aside for good (the pair is never suggested again)."""
    pk = getattr(suggestion, "pk", suggestion)
    petition, suggestion = _locked(user, petition, pk)
    _decide(suggestion, user, State.DISMISSED, timezone.now())
    return suggestion
