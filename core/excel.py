"""Spreadsheet helpers shared by every ledger export and import."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that Excel would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value):
    """Undo ``neutralise`` when reading back a sheet this system wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def column_letter(index):
    """1 → A, 27 → AA (for error messages that name a column)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
