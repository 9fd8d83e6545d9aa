"""The fill-in sheet's hidden key per measure: signed, so a typed or edited key is simply unknown.

The signed value is ``id.version.latest-note-id.digest``: the measure's version and its latest
progress note at export time (a measure changed since then is stale), and a digest of the 整改进展 and
完成情况 cells as written, so an upload knows which rows the office changed without trusting the
current database values for rows it did not touch.
"""

import hashlib
from dataclasses import dataclass

from django.core.signing import BadSignature, Signer

SALT = "rectification.ledger.fill"
_signer = Signer(salt=SALT)


@dataclass(frozen=True)
class Key:
    measure_id: int
    version: int
    note_id: int  # 0: the measure had no progress note
    digest: str


def digest(progress, completion) -> str:
    text = f"{progress or ''}\x1f{completion or ''}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def make_key(measure_id, version, note_id, progress, completion) -> str:
    return _signer.sign(f"{measure_id}.{version}.{note_id or 0}.{digest(progress, completion)}")


def read_key(value) -> Key | None:
    """The key a cell holds, or None for anything this system did not sign."""
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        parts = _signer.unsign(value.strip()).split(".")
        measure_id, version, note_id = (int(p) for p in parts[:3])
        return Key(measure_id, version, note_id, parts[3])
    except (BadSignature, ValueError, IndexError):
        return None
