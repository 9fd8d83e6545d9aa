"""``Idempotency-Key`` on every API create: a client retry never registers twice.

``idempotent_create`` wraps a viewset's ``create``. Without the header nothing changes.
With it, the key is claimed (core.idempotency, unique per user) in the same transaction as
the record the view creates, with the record's id, and the response is built inside that
transaction too: either both are committed or neither is. A retry with the same key and the same
request answers 200 with the same record, re-read through the view (so through the
user's visibility), and creates nothing; the same key with a different request (another
body or endpoint) is a 422. A concurrent duplicate waits on the key's unique index and
then replays. Keys older than ``IDEMPOTENCY_KEY_HOURS`` (24) are forgotten.
"""

import functools
import hashlib
import json

from django.http.request import RawPostDataException
from rest_framework import status

from core.errors import ApplicationError
from core.idempotency import claim_once

HEADER = "Idempotency-Key"


def _key(request):
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200 or not key.isprintable():
        message = "Idempotency-Key 须为 1 至 200 个可打印字符"
        raise ApplicationError(message, code="invalid", detail={HEADER: [message]})
    return key


def _fingerprint(request) -> str:
    try:
        body = request._request.body
    except RawPostDataException:  # already streamed (a multipart upload): use what was parsed
        body = json.dumps(request.data, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body)
    return digest.hexdigest()


def _replay(view, request, claim, fingerprint):
    if claim.fingerprint != fingerprint:
        raise ApplicationError(
            "该 Idempotency-Key 已用于另一请求；请为新的登记使用新的键",
            code="idempotency_key_reused",
            status=422,
            detail={HEADER: ["已用于另一请求"]},
        )
    response = view.replay_created(claim.object_id)
    response.status_code = status.HTTP_200_OK
    response["Idempotent-Replay"] = "true"
    return response


def idempotent_create(create):
    """Decorate a viewset's ``create``; the view provides ``replay_created(pk)`` (a Response)."""

    @functools.wraps(create)
    def wrapper(view, request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return create(view, request, *args, **kwargs)
        fingerprint = _fingerprint(request)

        def run():
            response = create(view, request, *args, **kwargs)
            return response, (response.data["id"] if status.is_success(response.status_code) else None)

        return claim_once(
            user=request.user,
            key=key,
            endpoint=request.path,
            fingerprint=fingerprint,
            create=run,
            replay=lambda claim: _replay(view, request, claim, fingerprint),
        )

    wrapper.idempotent_create = True  # core.api.schema documents the header, the replay and the 422
    return wrapper
