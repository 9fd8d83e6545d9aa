"""Reads of repeat suggestions, with the identity rule on top of visibility.

A REPORTER reason says that two petitions share a reporter: a fact about who reported. It is
shown only to a user who may see the identity of both petitions (petitions.identity, as
``suspected_repeats`` does); to anyone else the reason is not there at all — and a suggestion
that had no other reason does not exist for them (404), so typing a known phone number at
registration tells an inspector nothing about an earlier reporter.
"""

from django.http import Http404

from core.scoping import visible_to
from petitions.identity import can_view_identity, identity_allowed_q
from petitions.models import Petition, RepeatSuggestion

REPORTER = RepeatSuggestion.Reason.REPORTER


def _reporter_originals(user, petition, suggestions) -> set[int]:
    """The originals whose REPORTER reason ``user`` may read (both identities visible to them)."""
    ids = {s.original_id for s in suggestions if REPORTER in s.reasons}
    if not ids or not can_view_identity(user, petition):
        return set()
    allowed = visible_to(Petition, user=user).filter(identity_allowed_q(user), pk__in=ids)
    return set(allowed.values_list("pk", flat=True))


def _shown(user, petition, suggestions):
    reporter_ok = _reporter_originals(user, petition, suggestions)
    out = []
    for s in suggestions:
        s.shown_reasons = [r for r in s.reasons if r != REPORTER or s.original_id in reporter_ok]
        if s.shown_reasons:
            s.reason_labels = [RepeatSuggestion.Reason(r).label for r in s.shown_reasons]
            out.append(s)
    return out


def suggestion_list(*, user, petition, states=(RepeatSuggestion.State.PENDING,)):
    """The suggestions of ``petition`` that ``user`` may read, earliest original first, each with
    ``shown_reasons`` / ``reason_labels`` (the reasons they may read)."""
    qs = (
        visible_to(RepeatSuggestion, user=user)
        .filter(petition=petition, state__in=states)
        .select_related("original")
        .only(
            "id",
            "petition_id",
            "reasons",
            "similarity",
            "state",
            "created_at",
            "original__id",
            "original__number",
            "original__received_at",
            "original__summary",
        )
        .order_by("original__received_at", "original_id")
    )
    return _shown(user, petition, list(qs))


def suggestion_get(*, user, petition, pk, for_update=False) -> RepeatSuggestion:
    """One suggestion of ``petition`` that ``user`` may read, else 404 (as if it did not exist)."""
    qs = visible_to(RepeatSuggestion, user=user).filter(petition=petition)
    if for_update:
        qs = qs.select_for_update()
    suggestion = qs.filter(pk=pk).first()
    if suggestion is None or not _shown(user, petition, [suggestion]):
        raise Http404
    return suggestion
