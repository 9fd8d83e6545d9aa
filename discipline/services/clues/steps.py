"""What every clue step shares: lock the clue, check its stage, date the step, sign it
(经手人员签名，全程登记备查) and save the clue with its history."""

import datetime as dt

from core.concurrency import save_versioned
from core.errors import InvalidTransitionError
from core.history import attribute
from discipline.models import Clue, ClueStep
from discipline.services.common import check_date, signer_name

S = Clue.Status


def lock(clue) -> Clue:
    return Clue.objects.select_for_update().get(pk=clue.pk)


def last_step_date(clue) -> dt.date:
    last = clue.steps.order_by("-date").values_list("date", flat=True).first()
    return last or clue.received_date


def step_date(clue, value, *, label="办理日期"):
    """A step's date: not in the future and not before the clue's previous step."""
    return check_date(
        value, field="date", label=label, not_before=last_step_date(clue), not_before_label="上一环节日期"
    )


def sign(clue, kind, user, date, **fields) -> ClueStep:
    return ClueStep.objects.create(
        clue=clue, kind=kind, date=date, signed_by=user, signer_name=signer_name(user), **fields
    )


def save(clue, user, reason):
    """Save a clue the caller has locked; a change to a saved one bumps its version."""
    attribute(clue, user, reason)
    if clue.pk is None:
        clue.save()
    else:
        save_versioned(clue)


def expect(clue, *statuses, action: str):
    if clue.archived_at is not None:
        raise InvalidTransitionError(f"线索{clue.number}已归档，不能{action}")
    if clue.status not in statuses:
        allowed = "、".join(S(s).label for s in statuses)
        raise InvalidTransitionError(
            f"线索{clue.number}当前为“{clue.get_status_display()}”，不能{action}（仅限{allowed}的线索）"
        )
