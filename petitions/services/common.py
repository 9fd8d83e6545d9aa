"""Helpers shared by the petition services: locking through visibility, checks, the workflow log."""

import datetime as dt
from typing import cast

from django.db.models import Field
from django.utils import timezone

from core.backfill import is_backfilled, step_day, step_moment
from core.errors import ApplicationError, InvalidTransitionError
from core.history import attribute
from core.scoping import get_visible_or_404
from petitions.deadlines import refresh_next_due
from petitions.models import Petition, PetitionEvent, PetitionRecusal, Status


def lock_visible(user, petition) -> Petition:
    """Reload ``petition`` locked for update, through the user's visibility (404 when invisible)."""
    pk = petition.pk if isinstance(petition, Petition) else petition
    return get_visible_or_404(Petition.objects.select_for_update(), user=user, pk=pk)


def require_status(petition, allowed, action_label):
    if petition.status not in allowed:
        names = "、".join(Status(s).label for s in allowed)
        raise InvalidTransitionError(
            f"信访件 {petition.number} 当前状态为“{petition.get_status_display()}”，不能{action_label}"
            f"（只有“{names}”的信访件可以{action_label}）",
            detail={"status": [petition.get_status_display()]},
        )


def require_unrestricted(petition, action_label):
    if petition.is_restricted:
        raise InvalidTransitionError(
            f"信访件 {petition.number} 是上级管辖件，不录入内容，不能{action_label}", code="restricted"
        )


def raise_if(errors: dict):
    """Raise one 400 naming every field in ``errors`` ({field: message})."""
    if errors:
        first = next(iter(errors.values()))
        raise ApplicationError(first, code="invalid", detail={k: [v] for k, v in errors.items()})


def moment(at, *, field="at", not_before=None, not_before_label="") -> dt.datetime:
    """The time of a step: now by default; never in the future, never before the previous step."""
    return step_moment(at, field=field, not_before=not_before, not_before_label=not_before_label)


def day(value, *, field, not_before=None, not_before_label="") -> dt.date:
    """A date of a step (告知、办结、反馈): today by default; not in the future, not before the previous step."""
    return step_day(value, field=field, not_before=not_before, not_before_label=not_before_label)


def day_moment(on: dt.date) -> dt.datetime:
    """When a step recorded by its day (办结、告知 …) happened, for the log: now when it is today,
    else the end of that (local) day, so it sorts after the timed steps of that day it follows."""
    now = timezone.now()
    if on >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(on, dt.time(23, 59, 59)), timezone.get_default_timezone())


def latest(*steps) -> tuple[dt.datetime | None, str]:
    """The latest of (time, label) pairs whose time is set: the step a next one may not precede."""
    done = [(at, label) for at, label in steps if at is not None]
    return max(done, key=lambda step: step[0]) if done else (None, "")


def record(petition, action, user, *, at=None, note=""):
    """One row of the workflow log: ``at`` when the step happened, ``entered_at`` now (补录 when
    ``at`` lies on an earlier day)."""
    now = timezone.now()
    return PetitionEvent.objects.create(
        petition=petition, action=action, user=user, at=at or now, entered_at=now, note=note
    )


BACKFILL_SUFFIX = "（补录）"


def save(petition, reason, *, at=None):
    """Save a petition the caller has locked (``lock_visible``); a change bumps its version.

    Every write of a petition comes here, after the step set its own due dates (``set_due``):
    ``next_due`` is brought in step with them and with what the step settled. ``at`` is when
    the step happened: a step of an earlier day is marked 补录 in the history."""
    if is_backfilled(at, timezone.now()):
        reason = f"{reason}{BACKFILL_SUFFIX}"
    petition._change_reason = reason
    if petition.pk is not None:
        petition.version += 1
    refresh_next_due(petition)
    petition.save()
    return petition


REASON_MAX = 500


def checked_reason(reason, errors: dict, *, label: str) -> str:
    """The reason for changing registered facts (更正, 修改登记信息), stripped; a missing, blank or
    over-long one goes into ``errors`` under ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = f"请填写{label}"
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"{label}不能超过{REASON_MAX}字"
    return reason


def save_changed_facts(petition, user, changed, reason, *, verb: str, action):
    """Save the petition's changed registered facts with ``reason`` in its history and timeline.

    The history row (simple_history) reads ``{verb}：{fields}（理由：{reason}）``, the timeline's
    event ``{verb}了{fields}。理由：{reason}`` — the same for a 更正 and a 修改登记信息."""
    labels = "、".join(str(cast(Field, Petition._meta.get_field(f)).verbose_name) for f in changed)
    attribute(petition, user)
    save(petition, f"{verb}：{labels}（理由：{reason}）")
    record(petition, action, user, at=timezone.now(), note=f"{verb}了{labels}。理由：{reason}")
    return petition


def remember_subject(petition):
    """Keep the current 被反映人 for 回避 before the field is changed or scrubbed (PetitionRecusal).

    Visibility hides a petition from its ``subject_person`` and from every person recorded here,
    so neither a correction nor 报送上级 ever opens a petition to a person it was about.
    """
    if petition.subject_person_id is not None:
        PetitionRecusal.objects.bulk_create(
            [PetitionRecusal(petition_id=petition.pk, person_id=petition.subject_person_id)], ignore_conflicts=True
        )
