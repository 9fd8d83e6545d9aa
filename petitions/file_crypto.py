"""Petition attachments encrypted at rest with the identity keys (``IDENTITY_ENCRYPTION_KEYS``).

Original letters and department replies often name the reporter, so every petition
attachment is stored encrypted; only the checked download view decrypts it.

Fernet encrypts a whole message in memory, so a file is cut into 1 MiB chunks, each its own
Fernet token on one line after a magic header line. Each chunk's plaintext starts with its
index and a last-chunk flag, so chunks cannot be reordered, dropped or truncated unnoticed.
Memory stays at about one chunk for files of any size (uploads are limited to 20 MB).
"""

import struct
import tempfile

from cryptography.fernet import InvalidToken
from django.core.files import File

from core.errors import ApplicationError
from petitions.crypto import _fernet

MAGIC = b"PETFENC1\n"
CHUNK = 1024 * 1024
_PREFIX = struct.Struct(">QB")  # chunk index, 1 on the last chunk
_SPOOL = 2 * 1024 * 1024


def _chunks(source):
    source.seek(0)
    while block := source.read(CHUNK):
        yield block


def encrypt_to_file(source) -> File:
    """An encrypted copy of ``source`` (a readable file), spooled to disk beyond 2 MiB."""
    fernet = _fernet()
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - handed to storage, closed by it
    out.write(MAGIC)
    blocks = _chunks(source)
    current = next(blocks, b"")
    index = 0
    while True:
        following = next(blocks, None)
        last = following is None
        out.write(fernet.encrypt(_PREFIX.pack(index, int(last)) + current) + b"\n")
        if last:
            break
        current, index = following, index + 1
    out.seek(0)
    return File(out)


def is_encrypted(handle) -> bool:
    handle.seek(0)
    found = handle.read(len(MAGIC)) == MAGIC
    handle.seek(0)
    return found


def _tokens(handle):
    handle.seek(0)
    if handle.readline() != MAGIC:
        raise InvalidToken
    # readline, not iteration: django's File.__iter__ rewinds to the header.
    while line := handle.readline():
        if line.strip():
            yield line.strip()


def decrypt_chunks(handle):
    """The plaintext of an encrypted file, chunk by chunk; raises InvalidToken when tampered or keyless."""
    fernet = _fernet()
    finished = False
    for expected, token in enumerate(_tokens(handle)):
        plain = fernet.decrypt(token)
        index, last = _PREFIX.unpack_from(plain)
        if finished or index != expected:
            raise InvalidToken
        finished = bool(last)
        yield plain[_PREFIX.size :]
    if not finished:
        raise InvalidToken


def rotate_to_file(handle) -> File:
    """Each chunk re-encrypted under the first key (raises InvalidToken when no key decrypts one)."""
    fernet = _fernet()
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - handed to storage, closed by it
    out.write(MAGIC)
    for token in _tokens(handle):
        out.write(fernet.rotate(token) + b"\n")
    out.seek(0)
    return File(out)


def stream_decrypted(fieldfile):
    """A generator over the plaintext for a download response; a missing key is a clear 503."""
    handle = fieldfile.open("rb")
    if not is_encrypted(handle):
        # Stored before encryption at rest (encrypt_attachments has not run yet).
        return _plain(handle)
    try:
        first = next(decrypt_chunks(handle), None)
    except InvalidToken:
        handle.close()
        raise ApplicationError(
            "附件无法解密：加密密钥已更换但附件未重新加密，请联系安全管理员恢复旧密钥后执行密钥轮换",
            code="identity_key_missing",
            status=503,
        ) from None
    if first is None:
        handle.close()
    return _resume(handle)


def _plain(handle):
    with handle:
        yield from _chunks(handle)


def _resume(handle):
    # The first chunk was decrypted above as a check before the response starts, so a missing key
    # is an error status rather than a broken download; the stream starts over from the header.
    with handle:
        yield from decrypt_chunks(handle)


def _rewrite_all(model, transform) -> int:
    """Replace each attachment's file by ``transform(handle)`` (a File, or None to keep it).

    New files are written first under new names; only when every one succeeded are the rows
    switched and the old files removed, so a failure (a missing key) changes nothing.
    """
    from django.db import transaction

    done = []
    try:
        for pk, name in model.objects.exclude(file="").values_list("pk", "file").iterator():
            field = model(pk=pk, file=name).file
            try:
                handle = field.storage.open(name, "rb")
            except FileNotFoundError:
                continue
            with handle:
                replacement = transform(handle)
                if replacement is None:
                    continue
                with replacement:
                    new_name = field.storage.save(name, replacement)
            done.append((pk, name, new_name))
    except Exception:
        for _pk, _old, new_name in done:
            field.storage.delete(new_name)
        raise
    with transaction.atomic():
        for pk, _old, new_name in done:
            model.objects.filter(pk=pk).update(file=new_name)
        # After commit: an enclosing transaction (a migration) that rolls back still finds the old files.
        transaction.on_commit(lambda: [field.storage.delete(old) for _pk, old, _new in done])
    return len(done)


def encrypt_existing(model) -> int:
    """Encrypt every attachment still stored in clear (the data migration); returns how many."""
    return _rewrite_all(model, lambda handle: None if is_encrypted(handle) else encrypt_to_file(handle))


def rotate_all_files(model) -> int:
    """Re-encrypt every attachment under the first key (``rotate_identity_key``); clear ones get encrypted."""
    return _rewrite_all(
        model, lambda handle: rotate_to_file(handle) if is_encrypted(handle) else encrypt_to_file(handle)
    )
