"""One range for every date typed in from outside: 2000-01-01 … 2099-12-31.

Deadlines are computed by adding days, months and years to entered dates; a date near 9999-12-31
overflowed (``year 10000 is out of range``, a 500). No date this system keeps — a petition's
receipt, a round's feedback, a measure's deadline — lies outside this century, so every input
is bounded here (``validate_date_in_range``, installed on every form and serializer DateField
by ``install_date_validator``) and the computations stay real dates.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def in_range(value) -> bool:
    return EARLIEST <= value <= LATEST


@deconstructible
class DateRangeValidator:
    code = "date_out_of_range"

    def __call__(self, value):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) and not in_range(value):
            raise ValidationError(f"日期应在 {EARLIEST:%Y-%m-%d} 至 {LATEST:%Y-%m-%d} 之间", code=self.code)

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator)

    def __hash__(self):
        return hash(DateRangeValidator)


validate_date_in_range = DateRangeValidator()


def install_date_validator():
    """Every Django form ``DateField``/``DateTimeField`` (web pages, admin, django-filter) and DRF
    ``DateField``/``DateTimeField`` gets the range (a date-time is checked by its date).

    Both frameworks start a field's validators from the class's ``default_validators`` unless
    validators are passed explicitly, so ModelForm and ModelSerializer fields are covered too.
    """
    from rest_framework import fields as drf_fields

    for field in (forms.DateField, forms.DateTimeField, drf_fields.DateField, drf_fields.DateTimeField):
        field.default_validators = [validate_date_in_range]
