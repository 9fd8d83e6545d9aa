"""Query-string filters shared by every app's lists (API and pages): strict, so a bad value is a
400 naming the parameter instead of being silently ignored or overflowing into a 500.

Plain django-filter pieces; the DRF backends that apply them live in ``core.api.filters``.
"""

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone

from core.errors import field_error

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


class LocalDayFilter(django_filters.DateFilter):
    """A day of the unit's calendar on a datetime column: ``gte`` from that day's local midnight,
    ``lte`` up to (not including) the next day's. A plain range on the column, so its index serves
    it — ``column__date`` converts every row's value before comparing and can use none."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        # The form bounds the day (2000–2099), so the shifted moments never overflow.
        if self.lookup_expr == "gte":
            return self.get_method(qs)(**{f"{self.field_name}__gte": local_midnight(value)})
        if self.lookup_expr == "lte":
            return self.get_method(qs)(**{f"{self.field_name}__lt": local_midnight(value + dt.timedelta(days=1))})
        raise ValueError(f"LocalDayFilter takes gte or lte, not {self.lookup_expr}")


def local_midnight(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the unit's time zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- every whole number a filter passes to the database stays within its integer range ---------

_ID_MAX = 2**63 - 1
_OUT_OF_RANGE = "超出取值范围"


def _check_range(values):
    for value in values if isinstance(values, list | tuple) else [values]:
        try:
            number = int(str(value).strip())
        except ValueError:
            continue  # not a whole number: the field's own validation refuses it
        if not -_ID_MAX <= number <= _ID_MAX:
            raise forms.ValidationError(_OUT_OF_RANGE, code="out_of_range")


class _BoundedChoiceMixin:
    """Model choices looked up by a number: Django guards ``pk=<huge>`` but not ``pk__in=[<huge>]``,
    which overflowed the database driver into a 500."""

    def clean(self, value):
        if value not in self.empty_values:
            _check_range(value)
        return super().clean(value)


class BoundedModelChoiceField(_BoundedChoiceMixin, django_filters.fields.ModelChoiceField):
    pass


class BoundedModelMultipleChoiceField(_BoundedChoiceMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


def bound_numbers(filterset):
    """Bound every number filter of ``filterset`` (declared or generated from Meta.fields, in any
    app) before its form is built; returns it. The filters are the instance's own copies."""
    for flt in filterset.filters.values():
        if isinstance(flt, django_filters.ModelMultipleChoiceFilter):
            flt.field_class = BoundedModelMultipleChoiceField
        elif isinstance(flt, django_filters.ModelChoiceFilter):
            flt.field_class = BoundedModelChoiceField
        elif isinstance(flt, django_filters.NumberFilter):
            flt.extra.setdefault("max_value", _ID_MAX)
            flt.extra.setdefault("min_value", -_ID_MAX)
    return filterset


def ordering_terms(param, valid, default=(), *, name="ordering"):
    """``?ordering=a,-b`` as a list of terms, ``default`` when empty; a field not in ``valid`` is a
    400 naming it (the API's lists and the exports built from the same query read it alike)."""
    terms = [term.strip() for term in (param or "").split(",") if term.strip()]
    bad = [term for term in terms if term.removeprefix("-") not in valid]
    if bad:
        named = "、".join(term[:40] for term in bad[:5]) + ("等" if len(bad) > 5 else "")  # bounded echo
        raise field_error(name, f"不支持的排序字段：{named}；可用：{'、'.join(sorted(valid))}")
    return terms or list(default)
