"""Encryption at rest of reporters' identities, and keyed fingerprints to recognise repeat reporters.

* ``encrypt``/``decrypt``: ``cryptography``'s MultiFernet over ``settings.IDENTITY_ENCRYPTION_KEYS``
  — the first key encrypts, every key decrypts, ``rotate`` re-encrypts under the first.
* ``fingerprint``: HMAC-SHA256 under ``settings.IDENTITY_HMAC_KEY`` of a normalised phone
  number or ID number, so the same reporter is recognised without decrypting anything.

Only ``petitions.identity`` calls ``decrypt``; nothing here reads settings at import time.
"""

import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from core.errors import ApplicationError


@lru_cache(maxsize=4)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def _fernet() -> MultiFernet:
    return _multi(tuple(settings.IDENTITY_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        # A key was dropped before ``rotate_identity_key`` re-encrypted this value.
        raise ApplicationError(
            "身份信息无法解密：加密密钥已更换但数据未重新加密，请联系安全管理员恢复旧密钥后执行密钥轮换",
            code="identity_key_missing",
            status=503,
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the first key (raises InvalidToken when no key decrypts it)."""
    if not token:
        return ""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


_NON_DIGITS = re.compile(r"\D+")
_SPACES = re.compile(r"[\s\-]+")


def normalise_phone(value: str) -> str:
    """Digits only, without a +86/0086 country prefix: "+86 138-0013-8000" → "13800138000"."""
    digits = _NON_DIGITS.sub("", value or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return digits


def normalise_id_number(value: str) -> str:
    """Without spaces or dashes, upper case (the check character X)."""
    return _SPACES.sub("", value or "").upper()


def fingerprint(kind: str, normalised: str) -> str:
    """Keyed hash of an already normalised value; ``kind`` separates phones from ID numbers."""
    if not normalised:
        return ""
    key = settings.IDENTITY_HMAC_KEY.encode("utf-8")
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def phone_fingerprint(value: str) -> str:
    return fingerprint("phone", normalise_phone(value))


def id_number_fingerprint(value: str) -> str:
    return fingerprint("id", normalise_id_number(value))
