"""Uploaded files kept between a preview and its confirmation (the 台账 import, the 填报表 upload).

The file goes to ``default_storage`` (MEDIA_ROOT, never served) under a random token; the session
remembers the token, so only the user who uploaded it can confirm it, and each token confirms once.
"""

import uuid
from contextlib import contextmanager

from django.core.files.storage import default_storage


def stash(request, upload, *, session_key: str, folder: str, **extra) -> str:
    """Save ``upload`` and remember it (with ``extra``, JSON values) in the session; returns the token."""
    token = uuid.uuid4().hex
    path = default_storage.save(f"{folder}/{token}.xlsx", upload)
    return keep(request, token, {"path": path, "name": upload.name, **extra}, session_key=session_key)


def keep(request, token: str, item: dict, *, session_key: str) -> str:
    """(Again) remember ``item`` under ``token``: a confirmation sent back for more choices."""
    stashed = request.session.get(session_key, {})
    stashed[token] = item
    request.session[session_key] = stashed
    return token


def unstash(request, token: str, *, session_key: str) -> dict | None:
    """The stashed item of ``token`` (forgotten by the session from now on), or None if unknown."""
    stashed = request.session.get(session_key, {})
    item = stashed.pop(token, None)
    request.session[session_key] = stashed
    return item


@contextmanager
def opened(item: dict):
    """The stashed file of ``item`` for one confirmation, deleted afterwards whatever happens."""
    try:
        with default_storage.open(item["path"], "rb") as handle:
            yield handle
    finally:
        default_storage.delete(item["path"])
