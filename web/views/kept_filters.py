"""The filters a list's address carries beyond its form's fields (a drill-down from 信访统计 or the
工作台: ``subject_department``, ``channel``, ``conclusion``…), named in the form and kept by it.

Without them the list would show "共 3 条" with no visible reason, and changing a field of the form
(which sends only its own inputs) would silently drop the drill-down. Each is shown as 「label：
value」 with hidden inputs holding its values; 清除 drops them with the rest.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist

from core.scoping import is_registered, visible_to

YES_NO = {True: "是", False: "否"}


@dataclass(frozen=True)
class Kept:
    name: str
    label: str
    text: str
    values: list[str]


def _related_names(flt, values, user):
    """The names of the rows an id filter (``subject_person_id``…) names, through their visibility."""
    try:
        field = flt.model._meta.get_field(flt.field_name.removesuffix("_id"))
    except (AttributeError, FieldDoesNotExist):  # not a plain foreign key: show the number itself
        return None
    related = getattr(field, "related_model", None)
    if related is None or not is_registered(related) or not _has_name(related):
        return None
    names = dict(visible_to(related, user=user).filter(pk__in=values).values_list("pk", "name"))
    return [names.get(v, f"#{v}") for v in values]


def _has_name(model) -> bool:
    try:
        model._meta.get_field("name")
    except FieldDoesNotExist:  # a petition, a user …: the number is what the address says
        return False
    return True


def _text(flt, field, value, user):
    values = value if isinstance(value, list | tuple) else [value]
    if isinstance(value, bool):
        return YES_NO[value]
    if hasattr(field, "queryset"):  # a model choice: the rows themselves
        return "、".join(str(v) for v in values)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): str(v) for k, v in choices}
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(field, forms.IntegerField):
        names = _related_names(flt, values, user)
        if names is not None:
            return "、".join(names)
    return "、".join(str(v) for v in values)


def kept_filters(filterset, shown, params) -> list[Kept]:
    """The valid filters in ``params`` that the form does not show (``shown``), in the filterset's order."""
    if not filterset.is_valid():
        return []
    kept = []
    data = filterset.form.cleaned_data
    user = getattr(filterset, "user", None) or getattr(filterset.request, "user", None)
    applies = getattr(filterset, "applies", None)  # a filter this user's list ignores is not shown as kept
    for name, flt in filterset.filters.items():
        if name in shown or (applies is not None and not applies(name)):
            continue
        raw = [v for v in params.getlist(name) if v.strip()] if hasattr(params, "getlist") else []
        value = data.get(name)
        if not raw or value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        kept.append(Kept(name, str(flt.label or name), _text(flt, field, value, user), raw))
    return kept
