"""Small helpers every page module uses."""

from django import forms
from django.core.paginator import Paginator

from core.filters import bound_numbers
from core.scoping import actor_for

PAGE_SIZE = 50
ALL = "全部"


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of ``queryset`` (its prefetches run for that page only)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def actor(request):
    return actor_for(request.user)


def filtered(filterset, names, *, yes_no=()):
    """(queryset, errors, the form's fields for ``names``): an invalid filter shows its errors and
    an empty list, never all rows. The page's widgets are set before the query string is read, so
    that a blank drop-down ("全部") means no filter, as the page sends it."""
    bound_numbers(filterset)
    fields = filter_fields(filterset, names, yes_no=yes_no)
    if filterset.is_valid():
        return filterset.qs, None, fields
    return filterset.queryset.none(), filterset.errors, fields


class OneOfManySelect(forms.Select):
    """A plain drop-down for a filter that accepts several values (the API's ``?status=a&status=b``):
    the page offers one at a time, and a hand-written URL with several still works."""

    def __init__(self, choices=()):
        super().__init__(choices=[("", ALL), *choices])

    def value_from_datadict(self, data, files, name):
        return [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        return [str(v) for v in value] if isinstance(value, list | tuple) else super().format_value(value)


YES_NO = [("", ALL), ("true", "是"), ("false", "否")]


def filter_fields(filterset, names, *, yes_no=()):
    """The filter form's fields for a page: drop-downs instead of list boxes, "全部" for blank."""
    form = filterset.form
    for name in names:
        field = form.fields[name]
        if isinstance(field.widget, forms.SelectMultiple):
            field.widget = OneOfManySelect(choices=list(field.choices))
        elif name in yes_no:
            field.widget = forms.Select(choices=YES_NO)
        elif getattr(field, "empty_label", None) is not None:
            field.empty_label = ALL  # read when the choices are listed (django-filter and model choices)
            # The form's copy of a django-filter choice field leaves its widget listing the class-level
            # field's choices (and so its "---------"): point the widget at this field's.
            field.widget.choices = field.choices
    return [form[name] for name in names]
