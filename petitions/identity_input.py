"""A reporter's details as typed: one set of rules for the API's input and the intake page.

Each ``clean_*`` takes a value already stripped and within its length, and returns what is
stored (then encrypted by ``petitions.identity.identity_create``) or raises the field's error
(``core.errors.field_error``), which each interface shows beside its own field.
"""

from core.errors import field_error
from petitions import crypto
from petitions.identity import Identity

# The longest value each detail may have (the API's and the form's limits).
MAX_LENGTHS = {"name": 50, "phone": 30, "id_number": 30, "address": 200}


def clean_phone(value: str) -> str:
    """5–15 digits once separators and a +86 prefix are dropped; stored as typed."""
    digits = crypto.normalise_phone(value)
    if value and not 5 <= len(digits) <= 15:
        raise field_error("phone", "联系电话格式不正确")
    return value.strip()


def clean_id_number(value: str) -> str:
    """6–20 letters or digits once spaces and dashes are dropped; stored normalised."""
    normalised = crypto.normalise_id_number(value)
    if value and not (6 <= len(normalised) <= 20 and normalised.isalnum()):
        raise field_error("id_number", "证件号码格式不正确")
    return normalised


CLEANERS = {"phone": clean_phone, "id_number": clean_id_number}


def clean_detail(key: str, value: str) -> str:
    """The cleaned value of one detail (``name``, ``phone``, ``id_number`` or ``address``)."""
    cleaner = CLEANERS.get(key)
    return cleaner(value) if cleaner else value


def informant_from(cleaned: dict) -> Identity:
    """The identity of details each already cleaned by ``clean_detail``."""
    return Identity(**{key: cleaned.get(key, "") for key in MAX_LENGTHS})
