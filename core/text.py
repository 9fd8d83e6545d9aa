"""One rule for text from outside: nothing Excel or Word cannot store gets in, nothing stored breaks a file.

Excel (.xlsx) and Word (.docx) are XML 1.0 inside: C0 control characters other than tab,
newline and carriage return, the non-characters U+FFFE/U+FFFF and lone surrogates cannot be
written (openpyxl raises ``IllegalCharacterError``, lxml ``ValueError``). Inputs refuse them
(``validate_storable_text``, installed in every Django form and DRF ``CharField`` by
``install_text_validator``); writers strip them (``storable``) for rows stored before the rule.
"""

import re

from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _describe(char):
    if char == "\x00":
        return "空字符（NUL，U+0000）"
    if "\ud800" <= char <= "\udfff":
        return f"不成对的代理字符（U+{ord(char):04X}）"
    return f"控制字符（U+{ord(char):04X}）"


@deconstructible
class StorableTextValidator:
    """Refuse characters Excel/Word cannot store; the message names the first one found."""

    code = "unstorable_character"

    def __call__(self, value):
        if not isinstance(value, str):
            return
        match = UNSTORABLE.search(value)
        if match:
            raise ValidationError(
                f"含有无法保存到 Excel/Word 的{_describe(match.group())}，请删除后再提交",
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, StorableTextValidator)

    def __hash__(self):
        return hash(StorableTextValidator)


validate_storable_text = StorableTextValidator()


class _CoveredByStorableText:
    """Stands in for DRF's surrogate check: ``StorableTextValidator`` already refuses lone surrogates."""

    def __call__(self, value):
        return None


def install_text_validator():
    """Make every form and serializer ``CharField`` refuse unstorable text (called once from CoreConfig.ready).

    Django's ``forms.CharField`` and DRF's ``CharField`` each add a NUL-only check when they are
    built; pointing those names at ``StorableTextValidator`` covers every text input — declared
    fields, ModelForm/ModelSerializer fields, admin forms — in one place, and replaces Django's
    mistranslated NUL message ("不允许是用空字符串").
    """
    from rest_framework import fields as drf_fields

    validators.ProhibitNullCharactersValidator = StorableTextValidator
    drf_fields.ProhibitNullCharactersValidator = StorableTextValidator
    drf_fields.ProhibitSurrogateCharactersValidator = _CoveredByStorableText


def storable(value):
    """``value`` with unstorable characters removed (strings only); for writers of stored data."""
    if isinstance(value, str) and UNSTORABLE.search(value):
        return UNSTORABLE.sub("", value)
    return value
