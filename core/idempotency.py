"""One record per key: the claim shared by the API's ``Idempotency-Key`` (core.api.idempotency)
and the web forms' one-time tokens (web.forms.once).

A key is claimed in ``IdempotencyKey`` (unique per user) in the same transaction as the record
it creates, with that record's id: both are committed or neither. A key seen before — a retry, a
double click, or a concurrent duplicate that waited on the unique index — is handed to
``replay`` instead of creating again. Keys older than ``IDEMPOTENCY_KEY_HOURS`` (24) are forgotten.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import IdempotencyKey


def key_hours() -> int:
    return getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24)


def claim_once(*, user, key, endpoint, fingerprint, create, replay):
    """``create()`` answers ``(result, created object's id)`` — an id of None means nothing was
    created (the claim is rolled back and ``result`` answered); ``replay(claim)`` answers for a key
    already claimed. An exception from ``create`` rolls the claim back with the record."""
    IdempotencyKey.objects.filter(
        user=user, key=key, created_at__lt=timezone.now() - dt.timedelta(hours=key_hours())
    ).delete()
    existing = IdempotencyKey.objects.filter(user=user, key=key).first()
    if existing is not None:
        return replay(existing)
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(user=user, key=key, endpoint=endpoint[:200], fingerprint=fingerprint)
            result, object_id = create()
            if object_id is None:
                transaction.set_rollback(True)
                return result
            claim.object_id = object_id
            claim.save(update_fields=["object_id"])
            return result
    except IntegrityError:
        # A concurrent request with the same key committed first: answer with its record.
        existing = IdempotencyKey.objects.filter(user=user, key=key).first()
        if existing is None or existing.object_id is None:
            raise
        return replay(existing)
