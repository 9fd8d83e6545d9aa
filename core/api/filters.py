"""Query-string filters shared by every app's API: strict, so a bad value is a 400 naming the
parameter instead of being silently ignored or overflowing into a 500."""

import django_filters
from django import forms

_TRUE, _FALSE = {"true", "1", "yes", "是"}, {"false", "0", "no", "否"}


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no, 是/否); anything else is an error, not "no filter"."""

    widget = forms.TextInput  # the select widget would turn an unknown value into None

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value is True or value is False:
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise forms.ValidationError("应为 true 或 false", code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IdFilter(django_filters.NumberFilter):
    """A whole number within the database's integer range (a larger one once overflowed into a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
