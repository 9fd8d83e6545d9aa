"""转为问题线索: the petition's side of turning a 检举控告 into a 问题线索 (discipline.Clue).

The discipline app builds on petitions (never the reverse), so the clue is made by
``discipline.services.clues.clue_from_petition``, which hands its ``create_clue`` to
``petition_to_clue``: this locks the petition, decides whether it may become a clue, and
records the step. The link both ways is ``Clue.source_petition`` (``petition.clues``).
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from core.errors import field_error, require
from core.history import attribute
from petitions import permissions
from petitions.models import Kind, Petition, PetitionEvent, Status
from petitions.permissions import TO_CLUE_STATES
from petitions.services.common import (
    latest,
    lock_visible,
    moment,
    record,
    require_status,
    require_unrestricted,
    save,
)


def petition_lock_for_clue(*, user, petition) -> tuple[Petition, Any]:
    """The petition locked for linking a clue to it, and the clue already made from it (or None).

    Every way a clue gets its ``source_petition`` — 转为问题线索 here, a clue registered by hand
    (``discipline.services.clues.clue_register``) — takes this lock first, inside its
    transaction: of two at once the second waits, then finds the first one's clue.
    """
    petition = lock_visible(user, petition)
    return petition, petition.clues.order_by("pk").first()


@transaction.atomic
def petition_to_clue(*, user, petition, create_clue: Callable[[Petition], Any], at=None) -> tuple[Petition, Any, bool]:
    """转为问题线索: ``create_clue(petition)`` (given the locked petition) makes the clue.

    Idempotent: the petition row is locked first, so of two requests at once the second waits
    and then finds the clue the first made; it gets that clue back and ``created`` is False.
    An accepted petition is then handled by the 纪检 office itself (直接办理): it can no longer
    be transferred, and is concluded once the clue is. ``at`` is when it was turned into a clue
    (default now; not before 受理, or receipt for one not yet accepted). Returns (petition, clue, created).
    """
    require(permissions.can_process(user), "只有纪检干部可以将信访件转为问题线索")
    petition, existing = petition_lock_for_clue(user=user, petition=petition)
    if existing is not None:
        return petition, existing, False
    require_unrestricted(petition, "转为问题线索")
    require_status(petition, TO_CLUE_STATES, "转为问题线索")
    if petition.kind != Kind.ACCUSATION:
        raise field_error("kind", "只有检举控告可以转为问题线索")
    follows, follows_label = latest((petition.received_at, "收到时间"), (petition.accepted_at, "受理时间"))
    at = moment(at, not_before=follows, not_before_label=follows_label)
    clue = create_clue(petition)
    if petition.status == Status.ACCEPTED:
        petition.status = Status.HANDLING
        petition.handling_started_at, petition.handled_by = at, user
    attribute(petition, user)
    # No clue number in the petition's log or history: their readers may not all see the clue (回避);
    # the petition page links to it for those who may.
    save(petition, "转为问题线索", at=at)
    record(petition, PetitionEvent.Action.TO_CLUE, user, at=at, note="已转为问题线索")
    return petition, clue, True
