"""疑似重复件: suggest earlier petitions of the same matter when a petition is registered or imported.

Three reasons, each against earlier petitions (received before, or at the same moment with a
lower id) that are not 上级管辖件 and not archived — every petition 纪检 staff can see:

* REPORTER — the same keyed phone or ID-number fingerprint within ``PETITION_REPEAT_WINDOW_DAYS``;
* SUBJECT — the same 被反映人 or 被反映单位 within the window and a similar summary
  (``PETITION_REPEAT_SIMILARITY_PERCENT``, petitions.repeats.similarity), the similarity stored;
* TICKET — the same 12345 工单族 (GD2026…-1 repeats GD2026…), at any distance in time.

A restricted petition is neither given suggestions nor suggested (it keeps no content). Each reason
keeps its earliest matches (SUBJECT: its most similar); one earlier petition found by several
reasons is one suggestion naming them all; at most ``PETITION_REPEAT_MAX_SUGGESTIONS`` per
petition. A pair suggested once — pending, confirmed or dismissed — is never suggested again
(the unique constraint, with ``ignore_conflicts``). Who may read a suggestion, and which of its
reasons, is petitions.repeats.selectors' business: a REPORTER reason is a fact about the reporter.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from petitions.models import Petition, RepeatSuggestion
from petitions.repeats.similarity import similar

Reason = RepeatSuggestion.Reason
BATCH = 500  # targets per round of queries (bounded parameters and memory)


@dataclass
class _Target:
    pk: int
    received_at: dt.datetime
    since: dt.datetime
    person_id: int | None
    department_id: int | None
    summary: str
    phone: str
    id_number: str
    family: str


def _targets(ids, window) -> list[_Target]:
    rows = (
        Petition.objects.filter(pk__in=ids, is_restricted=False, archived_at__isnull=True, repeat_of__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "received_at",
            "subject_person_id",
            "subject_department_id",
            "summary",
            "informant__phone_hmac",
            "informant__id_number_hmac",
            "ticket_family",
        )
    )
    return [
        _Target(pk, at, at - window, person, dept, summary or "", phone or "", idn or "", family or "")
        for pk, at, person, dept, summary, phone, idn, family in rows
    ]


def _earlier(c_at, c_pk, t: _Target) -> bool:
    return c_at < t.received_at or (c_at == t.received_at and c_pk < t.pk)


def _candidates():
    return Petition.objects.filter(is_restricted=False, archived_at__isnull=True).order_by("received_at", "pk")


def _index(targets, key):
    by: dict[str, list[_Target]] = {}
    for t in targets:
        if getattr(t, key):
            by.setdefault(getattr(t, key), []).append(t)
    return by


def _collect(found, t, pk, at, limit, *, window=True):
    if (not window or at >= t.since) and _earlier(at, pk, t):
        originals = found.setdefault(t.pk, [])
        if len(originals) < limit and pk not in originals:
            originals.append(pk)


def _by_reporter(targets, limit):
    phones, ids = _index(targets, "phone"), _index(targets, "id_number")
    if not phones and not ids:
        return {}
    named = [t for t in targets if t.phone or t.id_number]
    rows = (
        _candidates()
        .filter(Q(informant__phone_hmac__in=phones) | Q(informant__id_number_hmac__in=ids))
        .filter(received_at__gte=min(t.since for t in named), received_at__lte=max(t.received_at for t in named))
        .values_list("pk", "received_at", "informant__phone_hmac", "informant__id_number_hmac")
    )
    found: dict[int, list[int]] = {}
    for pk, at, phone, idn in rows:  # earliest first
        for t in phones.get(phone, []) + ids.get(idn, []):
            _collect(found, t, pk, at, limit)
    return found


def _by_ticket(targets, limit):
    """The same 工单族: an original's family is its own number (petitions.hotline), so one indexed
    lookup on ``ticket_family`` finds the original and every follow-up before this one."""
    families = _index(targets, "family")
    if not families:
        return {}
    rows = _candidates().filter(ticket_family__in=families).values_list("pk", "received_at", "ticket_family")
    found: dict[int, list[int]] = {}
    for pk, at, family in rows:  # earliest first
        for t in families[family]:
            _collect(found, t, pk, at, limit, window=False)
    return found


def _suggestions(targets, limit, threshold) -> list[RepeatSuggestion]:
    # A pair suggested before, in any state, is not suggested again (nor counted against the limit).
    earlier = RepeatSuggestion.objects.filter(petition_id__in=[t.pk for t in targets])
    known = set(earlier.values_list("petition_id", "original_id"))
    reasons: dict[tuple[int, int], list[str]] = {}
    scores: dict[tuple[int, int], float] = {}
    for reason, found in ((Reason.REPORTER, _by_reporter(targets, limit)), (Reason.TICKET, _by_ticket(targets, limit))):
        for tid, originals in found.items():
            for oid in originals:
                reasons.setdefault((tid, oid), []).append(reason)
    for tid, oid, sim in similar(targets, threshold=threshold, limit=limit):
        reasons.setdefault((tid, oid), []).append(Reason.SUBJECT)
        scores[(tid, oid)] = round(sim, 3)
    per_target: dict[int, list[tuple[int, int]]] = {}
    for key in reasons.keys() - known:
        per_target.setdefault(key[0], []).append(key)
    out = []
    for keys in per_target.values():
        # most reasons first, then the earliest (ids grow with registration)
        keys.sort(key=lambda k: (-len(reasons[k]), k[1]))
        for tid, oid in keys[:limit]:
            ordered = [r.value for r in Reason if r in reasons[(tid, oid)]]
            out.append(
                RepeatSuggestion(petition_id=tid, original_id=oid, reasons=ordered, similarity=scores.get((tid, oid)))
            )
    return out


def suggest_for_ids(ids) -> int:
    """Suggest repeats for the petitions ``ids`` (an import's new rows); returns how many were created.

    A constant number of queries per ``BATCH`` targets: the targets, the reporter and ticket
    candidates, the similar-subject statement (two on PostgreSQL) and one bulk insert."""
    window = dt.timedelta(days=settings.PETITION_REPEAT_WINDOW_DAYS)
    limit = settings.PETITION_REPEAT_MAX_SUGGESTIONS
    threshold = settings.PETITION_REPEAT_SIMILARITY_PERCENT / 100
    ids = sorted(set(ids))
    created = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            targets = _targets(ids[start : start + BATCH], window)
            if not targets or limit == 0:
                continue
            rows = _suggestions(targets, limit, threshold)
            # ignore_conflicts: a concurrent run may have suggested the same pair meanwhile
            RepeatSuggestion.objects.bulk_create(rows, ignore_conflicts=True)
            created += len(rows)
    return created


def suggest(petition) -> int:
    """Suggest repeats for one petition (at registration, after commit)."""
    pk = petition.pk if isinstance(petition, Petition) else petition
    return suggest_for_ids([pk])
